"""Every report string in one place, in Bahasa Indonesia (`id`, the default) and English (`en`).

The report language is bound once per workbook (`use_language`, called by `start_workbook`);
`text(key)` and the label functions speak it unless given a `lang` of their own. Table headers
of the data contract come from `column_label(column)`, which reads the header names in schema.py.
Logic never compares translated text: it works on canonical values and keys.
"""

from __future__ import annotations

from smartcity_utils.data.schema import TABLES
from smartcity_utils.vocabulary import PENTAHELIX, SUB_DIMENSION_EN

STRINGS: dict[str, dict[str, str]] = {
    # data quality workbook
    "dq.title": {"id": "Kualitas Data", "en": "Data Quality"},
    "dq.table": {"id": "Tabel", "en": "Table"},
    "dq.file": {"id": "Berkas", "en": "File"},
    "dq.rows_read": {"id": "Baris dibaca", "en": "Rows read"},
    "dq.rows_clean": {"id": "Baris valid", "en": "Valid rows"},
    "dq.rows_rejected": {"id": "Baris ditolak", "en": "Rejected rows"},
    "dq.row": {"id": "Baris", "en": "Row"},
    "dq.column": {"id": "Kolom", "en": "Column"},
    "dq.value": {"id": "Nilai", "en": "Value"},
    "dq.reason": {"id": "Alasan", "en": "Reason"},
    "dq.problems": {"id": "Jumlah masalah", "en": "Problems"},
    "dq.no_problems": {
        "id": "Tidak ada masalah: semua baris valid.",
        "en": "No problems: every row is valid.",
    },
    "dq.innovations": {"id": "Inovasi", "en": "Innovations"},
    "dq.assessment_rows": {"id": "Baris penilaian", "en": "Assessment rows"},
    "dq.evidence_missing": {"id": "Bukti belum ada", "en": "Evidence missing"},
    "dq.coverage_agency": {
        "id": "Jumlah inovasi per perangkat daerah dan tahun",
        "en": "Innovations per agency and year",
    },
    "dq.coverage_dimension": {
        "id": "Jumlah inovasi per dimensi dan tahun",
        "en": "Innovations per dimension and year",
    },
    "dq.coverage_sub_dimension": {
        "id": "Jumlah inovasi per sub-dimensi (tahun evaluasi)",
        "en": "Innovations per sub-dimension (evaluation year)",
    },
    "dq.assessment_coverage": {
        "id": "Cakupan penilaian Tahap I per perangkat daerah",
        "en": "Stage I assessment coverage per agency",
    },
    "dq.not_assessed": {
        "id": "Perangkat daerah tanpa baris penilaian pada tahun evaluasi",
        "en": "Agencies with no assessment rows in the evaluation year",
    },
    "dq.none": {"id": "(tidak ada)", "en": "(none)"},
    "dq.no_innovation_rows": {"id": "Tidak ada baris inovasi yang valid untuk digambarkan.",
                              "en": "No valid innovation rows to draw."},
    "dq.written": {"id": "Data bersih ditulis ke", "en": "Clean data written to"},
    "dq.count": {"id": "Jumlah", "en": "Count"},
    "dq.total": {"id": "Total", "en": "Total"},
    "dq.synthetic": {
        "id": "Catatan: data ini SINTETIS (contoh), bukan data perangkat daerah yang sebenarnya.",
        "en": "Note: this data is SYNTHETIC (a sample), not real agency data.",
    },
    # --- suggested values (smartcity suggest, issue 14) ---
    "dq.suggested": {
        "id": "Perhatian: sebagian nilai adalah SARAN dari `smartcity suggest`, belum tentu "
              "dikonfirmasi: {fields}. Dimensi yang disarankan: {dimensions}. {low} saran di "
              "bawah ambang keyakinan. Periksa `{review}`.",
        "en": "Note: some values are SUGGESTIONS made by `smartcity suggest`, not necessarily "
              "confirmed: {fields}. Suggested dimensions: {dimensions}. {low} suggestions are "
              "below the confidence threshold. Review `{review}`.",
    },
    "dq.suggested_field": {"id": "{field} pada {n} baris", "en": "{field} on {n} rows"},
    # agency report (10)
    "ag.title": {"id": "Laporan Smart City Perangkat Daerah", "en": "Agency Smart City Report"},
    "ag.intro": {
        "id": "Laporan ini merangkum inovasi perangkat daerah Anda, hasil penilaian Tahap I, "
              "peluang keterpaduan dengan perangkat daerah lain, dan kandidat Quick Win.",
        "en": "This report summarises your agency's innovations, its Stage I assessment, "
              "integration opportunities with other agencies, and its Quick Win candidates.",
    },
    "ag.innovations": {"id": "1. Inovasi perangkat daerah", "en": "1. The agency's innovations"},
    "ag.innovations_count": {
        "id": "{n} inovasi terdaftar pada tahun {year}.",
        "en": "{n} innovations registered in {year}.",
    },
    "ag.partners": {"id": "Mitra pentahelix", "en": "Pentahelix partners"},
    "ag.stage1": {"id": "2. Penilaian Tahap I", "en": "2. Stage I assessment"},
    "ag.stage1_summary": {
        "id": "Indeks Tahap I: **{index:.2f}** ({band}), peringkat {rank} dari {of} perangkat "
              "daerah yang dinilai{change}.",
        "en": "Stage I index: **{index:.2f}** ({band}), rank {rank} of {of} assessed "
              "agencies{change}.",
    },
    "ag.change": {"id": "; perubahan dari tahun lalu {change:+.2f}",
                  "en": "; change from last year {change:+.2f}"},
    "ag.not_assessed": {
        "id": "Perangkat daerah ini **belum dinilai** pada tahun evaluasi.",
        "en": "This agency has **not been assessed** in the evaluation year.",
    },
    "ag.not_available": {
        "id": "_Belum tersedia: workbook {notebook} belum memberi hasil pada run ini (belum "
              "dijalankan, atau gagal: lihat index.html)._",
        "en": "_Not available yet: workbook {notebook} has no results in this run (it has not "
              "run, or it failed: see index.html)._",
    },
    "ag.agency_score": {"id": "Skor PD", "en": "Agency score"},
    "ag.city_score": {"id": "Skor kota", "en": "City score"},
    "ag.difference": {"id": "Selisih", "en": "Difference"},
    "ag.score_baseline": {"id": "Baseline", "en": "Baseline"},
    "ag.score_output": {"id": "Output", "en": "Output"},
    "ag.score_outcome": {"id": "Outcome", "en": "Outcome"},
    "ag.score_impact": {"id": "Impact", "en": "Impact"},
    "ag.score_quick_win": {"id": "Quick Win", "en": "Quick Win"},
    "ag.index": {"id": "Indeks", "en": "Index"},
    "ag.evidence": {"id": "Bukti dukung yang harus dilengkapi", "en": "Evidence still to supply"},
    "ag.evidence_none": {"id": "Semua indikator sudah memiliki bukti dukung.",
                         "en": "Every indicator has its evidence."},
    "ag.integration": {"id": "3. Keterpaduan dengan perangkat daerah lain",
                       "en": "3. Integration with other agencies"},
    "ag.integration_none": {"id": "Tidak ada inovasi serupa di perangkat daerah lain.",
                            "en": "No similar innovations in other agencies."},
    "ag.our_innovation": {"id": "Inovasi PD ini", "en": "This agency's innovation"},
    "ag.partner_agency": {"id": "PD lain", "en": "Other agency"},
    "ag.their_innovation": {"id": "Inovasi serupa", "en": "Similar innovation"},
    "ag.similarity": {"id": "Kemiripan", "en": "Similarity"},
    "ag.shared_terms": {"id": "Kata bersama", "en": "Shared terms"},
    "ag.quick_win": {"id": "4. Kandidat Quick Win", "en": "4. Quick Win candidates"},
    "ag.quick_win_none": {"id": "Tidak ada kandidat Quick Win dari perangkat daerah ini.",
                          "en": "This agency has no Quick Win candidates."},
    "ag.rank": {"id": "Peringkat kota", "en": "City rank"},
    "ag.of": {"id": "Dari", "en": "Of"},
    "ag.top_k_probability": {"id": "Peluang masuk peringkat atas",
                             "en": "Probability of a top place"},
    "ag.shortlisted": {"id": "Masuk daftar pendek", "en": "Shortlisted"},
    "ag.reason": {"id": "Alasan", "en": "Reason"},
    "ag.yes": {"id": "ya", "en": "yes"},
    "ag.no": {"id": "tidak", "en": "no"},
    "ag.next": {"id": "Langkah berikutnya", "en": "What to do next"},
    "ag.next_evidence": {
        "id": "Lengkapi bukti dukung untuk {n} indikator (bagian 2) sebelum form penilaian "
              "Tahap I diisi.",
        "en": "Supply evidence for {n} indicators (section 2) before the Stage I form is filled.",
    },
    "ag.next_weakest": {
        "id": "Perkuat dimensi evaluasi terlemah dibanding kota: {dimension} ({difference:+.2f}).",
        "en": "Strengthen the evaluation dimension weakest against the city: {dimension} "
              "({difference:+.2f}).",
    },
    "ag.next_integration": {
        "id": "Bicarakan keterpaduan dengan {agencies} untuk inovasi yang serupa (bagian 3).",
        "en": "Discuss integration with {agencies} for similar innovations (section 3).",
    },
    "ag.next_quick_win": {
        "id": "Siapkan {n} inovasi yang masuk daftar pendek Quick Win (bagian 4).",
        "en": "Prepare the {n} innovations on the Quick Win shortlist (section 4).",
    },
    "ag.next_register": {
        "id": "Daftarkan inovasi perangkat daerah pada registri tahun ini.",
        "en": "Register the agency's innovations in this year's registry.",
    },
    "ag.next_assess": {
        "id": "Isi penilaian mandiri Tahap I beserta bukti dukungnya.",
        "en": "Complete the Stage I self-assessment with its evidence.",
    },
    # agency report for the agency head (reports/agency_page.py)
    "as.title": {"id": "Laporan Smart City", "en": "Smart City Report"},
    "as.box_title": {"id": "Ringkasan", "en": "Summary"},
    "as.box_stage1": {"id": "Indeks Tahap I", "en": "Stage I index"},
    "as.box_evidence": {"id": "Bukti dukung", "en": "Evidence"},
    "as.box_quick_win": {"id": "Quick Win terpilih", "en": "Quick Wins chosen"},
    "as.box_partner": {"id": "Mitra keterpaduan terkuat", "en": "Strongest integration partner"},
    "as.box_next": {"id": "Langkah terpenting", "en": "The next step that matters most"},
    "as.index_phrase": {
        "id": "{index} dari skala 0–{scale} ({band}), peringkat {rank} dari {of} perangkat "
              "daerah yang dinilai",
        "en": "{index} on the 0–{scale} scale ({band}), rank {rank} of {of} assessed agencies",
    },
    "as.change_up": {"id": "naik {change} dari tahun lalu", "en": "up {change} on last year"},
    "as.change_down": {"id": "turun {change} dari tahun lalu",
                       "en": "down {change} on last year"},
    "as.change_same": {"id": "sama dengan tahun lalu", "en": "the same as last year"},
    "as.scale_note": {
        "id": "Semua skor memakai skala 0–{scale} (makin tinggi makin baik). Kategori: {bands} "
              "(batas bawah termasuk kategori).",
        "en": "All scores are on a 0–{scale} scale (higher is better). Bands: {bands} (a band "
              "includes its lower bound).",
    },
    "as.not_assessed_short": {"id": "belum dinilai (tidak ada baris penilaian)",
                              "en": "not assessed (no assessment rows)"},
    "as.not_assessed": {
        "id": "Perangkat daerah ini belum dinilai pada Tahap I {year}: tidak ada baris penilaian "
              "untuknya. Kirimkan formulir penilaian mandiri Tahap I yang sudah diisi, beserta "
              "bukti dukungnya (dokumen kebijakan, daftar aplikasi, struktur organisasi), ke "
              "Diskominfo; laporan berikutnya akan memuat indeks, peringkat dan bukti yang "
              "masih kurang.",
        "en": "This agency has not been assessed in Stage I {year}: there are no assessment "
              "rows for it. Send the completed Stage I self-assessment form with its evidence "
              "(policy documents, the application inventory, the organisation structure) to "
              "Diskominfo; the next report will show its index, rank and missing evidence.",
    },
    "as.evidence_after_assessment": {
        "id": "Daftar bukti yang kurang muncul setelah penilaian Tahap I dikirim (lihat bagian 2).",
        "en": "The list of missing evidence appears once the Stage I assessment is sent (see "
              "section 2).",
    },
    "as.not_run": {
        "id": "belum tersedia: workbook {notebook} belum memberi hasil pada run ini (belum "
              "dijalankan, atau gagal: lihat index.html)",
        "en": "not available yet: workbook {notebook} has no results in this run (it has not "
              "run, or it failed: see index.html)",
    },
    "as.evidence_none": {"id": "semua indikator sudah memiliki bukti dukung",
                         "en": "every indicator has its evidence"},
    "as.evidence_missing": {"id": "{items} belum ada", "en": "{items} missing"},
    "as.n_evidence": {"id": "{n} bukti dukung", "en": "{n} evidence items"},
    "as.n_evidence.one": {"id": "{n} bukti dukung", "en": "{n} evidence item"},
    "as.n_candidates": {"id": "{n} kandidat", "en": "{n} candidates"},
    "as.n_candidates.one": {"id": "{n} kandidat", "en": "{n} candidate"},
    "as.n_similar": {"id": "{n} pasang inovasi serupa", "en": "{n} similar innovation pairs"},
    "as.n_similar.one": {"id": "{n} pasang inovasi serupa", "en": "{n} similar innovation pair"},
    "as.n_quick_wins": {"id": "{n} quick win", "en": "{n} quick wins"},
    "as.n_quick_wins.one": {"id": "{n} quick win", "en": "{n} quick win"},
    "as.n_agencies": {"id": "{n} perangkat daerah", "en": "{n} agencies"},
    "as.n_agencies.one": {"id": "{n} perangkat daerah", "en": "{n} agency"},
    "as.n_more": {"id": "{n} pasang lain", "en": "{n} more pairs"},
    "as.n_more.one": {"id": "{n} pasang lain", "en": "{n} more pair"},
    "as.none_chosen": {"id": "belum ada ({candidates} tidak terpilih, lihat bagian 4)",
                       "en": "none ({candidates} not chosen, see section 4)"},
    "as.no_candidates": {"id": "tidak ada kandidat Quick Win dari perangkat daerah ini",
                         "en": "this agency has no Quick Win candidates"},
    "as.partner_phrase": {"id": "{agency} ({pairs})", "en": "{agency} ({pairs})"},
    "as.no_partner": {"id": "tidak ada inovasi serupa di perangkat daerah lain",
                      "en": "no similar innovations in other agencies"},
    "as.step_assess": {
        "id": "Kirim formulir penilaian mandiri Tahap I {year} beserta bukti dukungnya.",
        "en": "Send the Stage I {year} self-assessment form with its evidence.",
    },
    "as.step_evidence": {
        "id": "Lengkapi {items} (daftar di bagian 2) sebelum formulir Tahap I dikirim.",
        "en": "Supply the {items} listed in section 2 before the Stage I form is sent.",
    },
    "as.step_quick_win": {
        "id": "Siapkan pelaksanaan Quick Win: {names}.",
        "en": "Prepare delivery of the Quick Win: {names}.",
    },
    "as.step_weakest": {
        "id": "Perkuat dimensi evaluasi {dimension}, yang paling jauh di bawah rata-rata kota.",
        "en": "Strengthen the {dimension} evaluation dimension, furthest below the city.",
    },
    "as.step_partner": {"id": "Bicarakan keterpaduan inovasi dengan {agency} (bagian 3).",
                        "en": "Discuss integrating innovations with {agency} (section 3)."},
    "as.step_register": {"id": "Daftarkan inovasi perangkat daerah pada registri tahun ini.",
                         "en": "Register the agency's innovations in this year's registry."},
    "as.step_incomplete": {
        "id": "Sebagian hasil kota belum ada pada run ini: minta koordinator memeriksa index.html "
              "dan menjalankan ulang workbook yang belum memberi hasil.",
        "en": "Some city results are missing from this run: ask the coordinator to check "
              "index.html and rerun the workbooks that gave no results.",
    },
    "as.step_keep": {"id": "Pertahankan capaian dan perbarui data inovasi tahun depan.",
                     "en": "Keep up the results and update the innovation data next year."},
    "as.synthetic": {
        "id": "Data contoh sintetis: semua angka di laporan ini dibuat untuk uji coba, bukan "
              "data perangkat daerah yang sebenarnya.",
        "en": "Synthetic sample data: every figure in this report is invented for testing, not "
              "real agency data.",
    },
    "as.back": {"id": "Kembali ke ringkasan kota", "en": "Back to the city summary"},
    "as.section_innovations": {"id": "1. Inovasi perangkat daerah",
                               "en": "1. The agency's innovations"},
    "as.section_stage1": {"id": "2. Penilaian Tahap I", "en": "2. Stage I assessment"},
    "as.section_evidence": {"id": "Bukti dukung yang masih kurang",
                            "en": "Evidence still missing"},
    "as.section_partners": {"id": "3. Mitra keterpaduan", "en": "3. Integration partners"},
    "as.section_quick_win": {"id": "4. Kandidat Quick Win", "en": "4. Quick Win candidates"},
    "as.section_next": {"id": "5. Langkah berikutnya", "en": "5. What to do next"},
    "as.innovations_count": {"id": "{innovations} terdaftar pada tahun {year}.",
                             "en": "{innovations} registered in {year}."},
    "as.n_innovations": {"id": "{n} inovasi", "en": "{n} innovations"},
    "as.n_innovations.one": {"id": "{n} inovasi", "en": "{n} innovation"},
    "as.col_dimension": {"id": "Dimensi evaluasi", "en": "Evaluation dimension"},
    "as.col_agency_score": {"id": "Skor perangkat daerah", "en": "Agency score"},
    "as.col_city_score": {"id": "Rata-rata kota", "en": "City score"},
    "as.col_difference": {"id": "Selisih dari kota", "en": "Difference from the city"},
    "as.col_indicator": {"id": "Indikator", "en": "Indicator"},
    "as.col_sub_dimension": {"id": "Sub-dimensi", "en": "Sub-dimension"},
    "as.col_innovation": {"id": "Inovasi", "en": "Innovation"},
    "as.col_rank": {"id": "Peringkat prioritas kota", "en": "City priority rank"},
    "as.rank_of": {"id": "{rank} dari {of}", "en": "{rank} of {of}"},
    "as.col_top_k": {"id": "Peluang masuk {k} besar", "en": "Chance of a top-{k} place"},
    "as.col_budget": {"id": "Anggaran", "en": "Budget"},
    "as.col_chosen": {"id": "Terpilih", "en": "Chosen"},
    "as.col_reason": {"id": "Alasan", "en": "Reason"},
    "as.candidates_note": {
        "id": "Peluang masuk {k} besar: seberapa sering inovasi ini masuk {k} besar ketika bobot "
              "kriteria digeser sedikit secara acak (100% = selalu).",
        "en": "Chance of a top-{k} place: how often the innovation ranks in the top {k} when the "
              "criteria weights are shifted a little at random (100% = always).",
    },
    "as.col_partner": {"id": "Perangkat daerah mitra", "en": "Partner agency"},
    "as.col_pairs": {"id": "Inovasi serupa", "en": "Similar innovations"},
    "as.col_examples": {"id": "Pasangan paling mirip", "en": "Most similar pairs"},
    "as.col_shared": {"id": "Yang sama-sama dikerjakan", "en": "What they share"},
    "as.pair": {"id": "{ours} ↔ {theirs}: {level}", "en": "{ours} ↔ {theirs}: {level}"},
    "as.more_pairs": {"id": "dan {pairs}", "en": "and {pairs}"},
    "as.partners_more": {"id": "Ditampilkan tiga mitra terkuat; {agencies} lain juga memiliki "
                               "inovasi serupa (lihat workbook 02).",
                         "en": "Shown: the three strongest partners. Another {agencies} also "
                               "run similar innovations (see workbook 02)."},
    "as.sim_very_high": {"id": "sangat mirip", "en": "very similar"},
    "as.sim_high": {"id": "mirip", "en": "similar"},
    "as.sim_some": {"id": "agak mirip", "en": "somewhat similar"},
    "as.reason_chosen": {"id": "terpilih: biaya {cost}{share}, dalam anggaran dan batas",
                         "en": "chosen: costs {cost}{share}, within the budget and limits"},
    "as.share_of_budget": {"id": " ({share} dari anggaran)", "en": " ({share} of the budget)"},
    "as.reason_not_chosen": {"id": "tidak terpilih", "en": "not chosen"},
    "as.reason_no_cost": {"id": "tidak terpilih: anggarannya tidak tercatat, sehingga tidak "
                                "dapat dihitung terhadap anggaran Quick Win",
                          "en": "not chosen: its budget is not recorded, so it cannot be "
                                "weighed against the Quick Win budget"},
    "as.reason_over_budget": {"id": "tidak terpilih: biaya {cost} melebihi seluruh anggaran "
                                    "Quick Win {budget}",
                              "en": "not chosen: it costs {cost}, more than the whole Quick "
                                    "Win budget of {budget}"},
    "as.reason_agency_limit": {"id": "batas {limit} per perangkat daerah untuk {agency} sudah "
                                     "terisi oleh kandidatnya yang berperingkat lebih tinggi",
                               "en": "the limit of {limit} per agency for {agency} is filled by "
                                     "its higher-ranked candidates"},
    "as.reason_dimension_limit": {"id": "batas {limit} per dimensi untuk {dimension} sudah "
                                        "terisi",
                                  "en": "the limit of {limit} per dimension for {dimension} "
                                        "is reached"},
    "as.reason_total_limit": {"id": "kuota {limit} tahun ini sudah terisi oleh kandidat "
                                    "berperingkat lebih tinggi",
                              "en": "this year's {limit} are filled by higher-ranked "
                                    "candidates"},
    "as.reason_budget_left": {"id": "butuh {cost}, sedangkan sisa anggaran {left}",
                              "en": "it needs {cost} and only {left} is left"},
    "as.reason_rank": {"id": "kombinasi kandidat terpilih memberi prioritas total lebih tinggi",
                       "en": "the chosen combination gives a higher total priority"},
    # city summary page (reports/index_page.py)
    "ix.title": {"id": "Ringkasan Smart City - {city} - {year}",
                 "en": "Smart City Summary - {city} - {year}"},
    "ix.synthetic": {
        "id": "Data contoh sintetis: semua angka di halaman ini dibuat untuk uji coba, bukan data "
              "perangkat daerah yang sebenarnya.",
        "en": "Synthetic sample data: every figure on this page is invented for testing, not "
              "real agency data.",
    },
    "ix.run_line": {"id": "Dijalankan {date} · folder data: {data}",
                    "en": "Run on {date} · data folder: {data}"},
    "ix.figures": {"id": "Angka utama kota", "en": "The city in figures"},
    "ix.fig_index": {"id": "Indeks Tahap I kota", "en": "City Stage I index"},
    "ix.fig_index_detail": {"id": "{band}, skala 0–{scale}", "en": "{band}, 0–{scale} scale"},
    "ix.fig_assessed": {"id": "Perangkat daerah dinilai", "en": "Agencies assessed"},
    "ix.fig_assessed_value": {"id": "{assessed} dari {total}", "en": "{assessed} of {total}"},
    "ix.fig_not_assessed": {"id": "{agencies} belum dinilai", "en": "{agencies} not assessed"},
    "ix.fig_evidence": {"id": "Bukti dukung yang kurang", "en": "Evidence items missing"},
    "ix.fig_evidence_detail": {"id": "pada {agencies}", "en": "across {agencies}"},
    "ix.fig_quick_wins": {"id": "Quick Win terpilih", "en": "Quick Wins chosen"},
    "ix.fig_budget": {"id": "{spent} dari anggaran {budget}",
                      "en": "{spent} of the {budget} budget"},
    "ix.no_figures": {"id": "Belum ada angka kota: workbook tingkat kota belum memberi hasil.",
                      "en": "No city figures yet: the city workbooks gave no results."},
    "ix.evidence": {"id": "Bukti kurang", "en": "Evidence missing"},
    "ix.quick_wins": {"id": "Quick Win terpilih", "en": "Quick Wins chosen"},
    "ix.rank": {"id": "peringkat {rank}", "en": "rank {rank}"},
    "ix.blank_failed": {"id": "laporan gagal", "en": "report failed"},
    "ix.blank_no_result": {"id": "tanpa hasil", "en": "no results"},
    "ix.blank_no_stage1": {"id": "workbook 01 tanpa hasil", "en": "workbook 01 gave no results"},
    "ix.blank_not_assessed": {"id": "belum dinilai", "en": "not assessed"},
    "ix.blank_no_quick_win": {"id": "workbook 03 tanpa hasil", "en": "workbook 03 gave no results"},
    "ix.blank_no_candidates": {"id": "tanpa kandidat", "en": "no candidates"},
    "ix.blank_none_chosen": {"id": "0 (terbaik: peringkat {rank})",
                             "en": "0 (best: rank {rank})"},
    "ix.legend": {
        "id": "Perangkat daerah yang laporannya gagal ada di urutan teratas. \"Belum dinilai\": "
              "tidak ada baris penilaian Tahap I tahun ini. \"Tanpa kandidat\": tidak ada inovasi "
              "perangkat daerah itu yang menjadi kandidat Quick Win.",
        "en": "Agencies whose report failed are listed first. \"Not assessed\": no Stage I "
              "assessment rows this year. \"No candidates\": none of the agency's innovations "
              "is a Quick Win candidate.",
    },
    "ix.wb_00_data_quality": {"id": "Kualitas data", "en": "Data quality"},
    "ix.wb_01_stage1_evaluation": {"id": "Evaluasi Tahap I", "en": "Stage I evaluation"},
    "ix.wb_02_innovation_clusters": {"id": "Klaster inovasi dan keterpaduan",
                                     "en": "Innovation clusters and integration"},
    "ix.wb_03_quick_win_priority": {"id": "Prioritas Quick Win", "en": "Quick Win priority"},
    # batch summary page (index.html)
    "idx.title": {"id": "Ringkasan Evaluasi Smart City", "en": "Smart City Evaluation Summary"},
    "idx.city": {"id": "Workbook tingkat kota", "en": "City-level workbooks"},
    "idx.agencies": {"id": "Laporan perangkat daerah", "en": "Agency reports"},
    "idx.notebook": {"id": "Workbook", "en": "Workbook"},
    "idx.status": {"id": "Status", "en": "Status"},
    "idx.report": {"id": "Laporan", "en": "Report"},
    "idx.open": {"id": "buka", "en": "open"},
    "idx.ok": {"id": "selesai", "en": "done"},
    "idx.failed": {"id": "gagal", "en": "failed"},
    "idx.skipped": {"id": "terkini (dilewati)", "en": "up to date (skipped)"},
    "idx.innovations": {"id": "Inovasi", "en": "Innovations"},
    "idx.stage1_index": {"id": "Indeks Tahap I", "en": "Stage I index"},
    "idx.quick_win_best_rank": {"id": "Peringkat quick win terbaik", "en": "Best quick-win rank"},
    # Stage I evaluation workbook (01) and the pre-filled form
    "ev.title": {"id": "Evaluasi Smart City Tahap I", "en": "Smart City Stage I Evaluation"},
    "ev.city": {"id": "Kota", "en": "City"},
    "ev.col.short_name": {"id": "Perangkat Daerah", "en": "Agency"},
    "ev.col.year": {"id": "Tahun", "en": "Year"},
    "ev.col.assessed": {"id": "Dinilai", "en": "Assessed"},
    "ev.col.index": {"id": "Indeks", "en": "Index"},
    "ev.col.band": {"id": "Predikat", "en": "Band"},
    "ev.col.band_en": {"id": "Predikat (en)", "en": "Band (en)"},
    "ev.col.rank": {"id": "Peringkat", "en": "Rank"},
    "ev.col.score": {"id": "Nilai", "en": "Score"},
    "ev.col.n_indicators": {"id": "Jumlah indikator", "en": "Indicators"},
    "ev.col.n_agencies": {"id": "Jumlah PD", "en": "Agencies"},
    "ev.col.n_rows": {"id": "Baris penilaian", "en": "Assessment rows"},
    "ev.col.dimensions_missing": {
        "id": "Dimensi evaluasi kosong", "en": "Evaluation dimensions missing",
    },
    "ev.col.complete": {"id": "Lengkap", "en": "Complete"},
    "ev.col.evidence_missing": {"id": "Tanpa bukti", "en": "Without evidence"},
    "ev.col.evidence_status": {"id": "Status bukti", "en": "Evidence status"},
    "ev.col.share_missing": {"id": "Porsi tanpa bukti", "en": "Share without evidence"},
    "ev.col.index_previous": {"id": "Indeks tahun lalu", "en": "Previous year's index"},
    "ev.col.index_change": {"id": "Perubahan indeks", "en": "Index change"},
    "ev.col.score_previous": {"id": "Nilai tahun lalu", "en": "Previous year's score"},
    "ev.col.change": {"id": "Perubahan", "en": "Change"},
    "ev.col.scale": {"id": "Skala maks", "en": "Scale max"},
    "ev.col.weights_file": {"id": "Berkas bobot", "en": "Weights file"},
    "ev.col.weights_version": {"id": "Versi bobot", "en": "Weights version"},
    "ev.col.n_agencies_assessed": {"id": "PD dinilai", "en": "Agencies assessed"},
    "ev.col.n_agencies_not_assessed": {"id": "PD belum dinilai", "en": "Agencies not assessed"},
    "ev.col.weight": {"id": "Bobot", "en": "Weight"},
    "ev.col.share": {"id": "Porsi bobot", "en": "Weight share"},
    "ev.col.lower": {"id": "Batas bawah", "en": "Lower bound"},
    "ev.col.upper": {"id": "Batas atas", "en": "Upper bound"},
    "ev.status.present": {"id": "ada", "en": "present"},
    "ev.status.missing": {"id": "belum ada", "en": "missing"},
    "ev.status.unknown": {"id": "tidak diketahui", "en": "unknown"},
    "ev.status.not_assessed": {"id": "belum dinilai", "en": "not assessed"},
    "ev.bool.true": {"id": "ya", "en": "yes"},
    "ev.bool.false": {"id": "tidak", "en": "no"},
    "ev.not_assessed_mark": {"id": "(belum dinilai)", "en": "(not assessed)"},
    "ev.not_assessed": {
        "id": "Perangkat daerah belum dinilai (tanpa baris penilaian pada tahun evaluasi)",
        "en": "Agencies not assessed (no assessment rows in the evaluation year)",
    },
    "ev.none": {"id": "(tidak ada)", "en": "(none)"},
    "ev.written": {"id": "Ditulis", "en": "Written"},
    "ev.weights_note": {
        "id": "Bobot: berkas {file}, versi {version}; skala laporan 0-{scale}. Sumber: {source}.",
        "en": "Weights: file {file}, version {version}; report scale 0-{scale}. Source: {source}.",
    },
    "ev.fig.heatmap": {
        "id": "Nilai dimensi evaluasi per perangkat daerah, {year}",
        "en": "Evaluation-dimension scores per agency, {year}",
    },
    "ev.fig.vs_city": {
        "id": "Nilai tiap dimensi smart city dibanding kota, {year}",
        "en": "Each smart-city dimension's scores against the city's, {year}",
    },
    "ev.fig.distribution": {
        "id": "Sebaran indeks perangkat daerah, {year}",
        "en": "Distribution of agency indices, {year}",
    },
    "ev.fig.score_axis": {"id": "Nilai (skala laporan)", "en": "Score (report scale)"},
    "ev.fig.index_axis": {"id": "Indeks (skala 0-{scale})", "en": "Index (scale 0-{scale})"},
    "ev.fig.agency_count": {"id": "Jumlah perangkat daerah", "en": "Number of agencies"},
    "ev.fig.dimension_bar": {"id": "Dimensi", "en": "Dimension"},
    "ev.next.agencies": {
        "id": "Perangkat daerah dengan indeks terendah: {agencies}. Tinjau nilai dimensi "
              "evaluasinya pada peta panas dan dampingi sebelum form diisi.",
        "en": "Agencies with the lowest index: {agencies}. Review their evaluation-dimension "
              "scores in the heatmap and support them before the form is filled.",
    },
    "ev.next.indicators": {
        "id": "Indikator terlemah di tingkat kota: {indicators}.",
        "en": "Weakest indicators city-wide: {indicators}.",
    },
    "ev.next.sub_dimensions": {
        "id": "Sub-dimensi terlemah: {sub_dimensions}; {empty} sub-dimensi belum punya "
              "penilaian sama sekali.",
        "en": "Weakest sub-dimensions: {sub_dimensions}; {empty} sub-dimension(s) have no "
              "assessment at all.",
    },
    "ev.next.evidence": {
        "id": "{total} baris penilaian dari {agencies} perangkat daerah belum punya bukti "
              "dukung (terbanyak: {list}). Kirim daftar tugas (stage1/evidence_todo.csv) ke "
              "masing-masing perangkat daerah.",
        "en": "{total} assessment rows of {agencies} agencies lack evidence (most: {list}). "
              "Send each agency its to-do list (stage1/evidence_todo.csv).",
    },
    "ev.next.missing": {
        "id": "{agencies} perangkat daerah tidak mengisi semua dimensi evaluasi: indeksnya "
              "dihitung atas dimensi yang ada (bobot dinormalkan), lengkapi sebelum Tahap II.",
        "en": "{agencies} agencies did not fill every evaluation dimension: their index uses "
              "the dimensions present (weights renormalised); complete them before Stage II.",
    },
    "ev.next.not_assessed": {
        "id": "Belum dinilai sama sekali: {agencies}.",
        "en": "Not assessed at all: {agencies}.",
    },
    "ev.form.summary_sheet": {"id": "Ringkasan", "en": "Summary"},
    "ev.form.city": {"id": "Pemerintah daerah", "en": "City"},
    "ev.form.weights": {"id": "Berkas bobot (versi)", "en": "Weights file (version)"},
    "ev.form.weights_values": {"id": "Bobot", "en": "Weights"},
    "ev.form.scale": {"id": "Skala nilai", "en": "Score scale"},
    "ev.form.note": {"id": "Catatan", "en": "Note"},
    "ev.form.note_text": {
        "id": "Pra-isi otomatis dari data penilaian mandiri; periksa sebelum dikirim. Nilai = "
              "level / skala maks x skala laporan.",
        "en": "Pre-filled automatically from the self-assessment data; check before sending. "
              "Score = level / scale max x report scale.",
    },
    # quick-win priority workbook (03)
    "qw.innovation_id": {"id": "ID Inovasi", "en": "Innovation ID"},
    "qw.innovation": {"id": "Inovasi", "en": "Innovation"},
    "qw.weighted_sum": {"id": "Skor jumlah terbobot", "en": "Weighted-sum score"},
    "qw.topsis": {"id": "Skor TOPSIS", "en": "TOPSIS score"},
    "qw.rank_weighted_sum": {"id": "Peringkat jumlah terbobot", "en": "Weighted-sum rank"},
    "qw.rank_topsis": {"id": "Peringkat TOPSIS", "en": "TOPSIS rank"},
    "qw.rank_gap": {"id": "Selisih peringkat", "en": "Rank gap"},
    "qw.top_k_probability": {"id": "Peluang masuk top-k", "en": "Top-k probability"},
    "qw.model_probability": {"id": "Peluang menurut model", "en": "Model probability"},
    "qw.rank_p05": {"id": "Peringkat terbaik (P5)", "en": "Best rank (P5)"},
    "qw.rank_median": {"id": "Peringkat median", "en": "Median rank"},
    "qw.rank_p95": {"id": "Peringkat terburuk (P95)", "en": "Worst rank (P95)"},
    "qw.criterion": {"id": "Kriteria", "en": "Criterion"},
    "qw.group": {"id": "Kelompok", "en": "Group"},
    "qw.direction": {"id": "Arah", "en": "Direction"},
    "qw.direction_benefit": {"id": "makin besar makin baik", "en": "more is better"},
    "qw.direction_cost": {"id": "makin kecil makin baik", "en": "less is better"},
    "qw.weight": {"id": "Bobot", "en": "Weight"},
    "qw.source": {"id": "Sumber", "en": "Source"},
    "qw.selected": {"id": "Terpilih", "en": "Chosen"},
    "qw.priority_rank": {"id": "Peringkat prioritas", "en": "Priority rank"},
    "qw.priority": {"id": "Skor prioritas", "en": "Priority score"},
    "qw.cost": {"id": "Anggaran (Rp)", "en": "Budget (IDR)"},
    "qw.reason": {"id": "Alasan", "en": "Reason"},
    "qw.methods_agree": {"id": "kedua metode sepakat", "en": "both methods agree"},
    "qw.methods_disagree": {
        "id": "hanya masuk top {k} satu metode", "en": "in the top {k} of one method only",
    },
    "qw.methods_title": {
        "id": "Jumlah terbobot dan TOPSIS per kandidat",
        "en": "Weighted sum and TOPSIS per candidate",
    },
    "qw.top_k_title": {
        "id": "Peluang masuk top {k} bila bobot diubah acak",
        "en": "Probability of a top-{k} place when the weights are redrawn",
    },
    "qw.correlation_title": {
        "id": "Korelasi peringkat dengan peringkat bobot yang ditetapkan",
        "en": "Rank correlation with the ranking under the stated weights",
    },
    "qw.spearman": {"id": "Korelasi Spearman", "en": "Spearman correlation"},
    "qw.draws": {"id": "Jumlah undian bobot", "en": "Weight draws"},
    "qw.agreement": {
        "id": "Korelasi peringkat (Spearman) jumlah terbobot dan TOPSIS: {rho:.2f}",
        "en": "Rank correlation (Spearman) of weighted sum and TOPSIS: {rho:.2f}",
    },
    "qw.dropped": {
        "id": "Kriteria `{criterion}` tidak dipakai: berkas `{file}` belum ada (jalankan workbook "
              "{notebook} dahulu); bobot kriteria lain disesuaikan.",
        "en": "Criterion `{criterion}` left out: `{file}` does not exist yet (run workbook "
              "{notebook} first); the other weights are rescaled.",
    },
    "qw.all_inputs": {
        "id": "Semua kriteria dapat dihitung (indeks Tahap I dan pasangan integrasi tersedia).",
        "en": "Every criterion can be computed (Stage I index and integration pairs found).",
    },
    "qw.candidates": {
        "id": "{n} kandidat pada tahun {year} ({earlier} sudah menjadi quick win sebelumnya, "
              "{stopped} dihentikan).",
        "en": "{n} candidates in {year} ({earlier} already a quick win earlier, "
              "{stopped} stopped).",
    },
    "qw.model": {"id": "Model", "en": "Model"},
    "qw.model_logistic": {"id": "Regresi logistik", "en": "Logistic regression"},
    "qw.model_forest": {"id": "Random forest", "en": "Random forest"},
    "qw.train_years": {"id": "Tahun latih", "en": "Training years"},
    "qw.test_year": {"id": "Tahun uji", "en": "Test year"},
    "qw.rows": {"id": "Baris", "en": "Rows"},
    "qw.perfect": {"id": "kalibrasi sempurna", "en": "perfect calibration"},
    "qw.calibration_title": {
        "id": "Kalibrasi pada tahun uji {year}", "en": "Calibration on the test year {year}",
    },
    "qw.predicted_probability": {"id": "Peluang prediksi", "en": "Predicted probability"},
    "qw.observed_share": {"id": "Proporsi terpilih", "en": "Share chosen"},
    "qw.stated_weight": {"id": "Bobot yang ditetapkan", "en": "Stated weight"},
    "qw.revealed_logistic": {
        "id": "Bobot tersirat (logistik)", "en": "Revealed weight (logistic)",
    },
    "qw.revealed_forest": {"id": "Bobot tersirat (forest)", "en": "Revealed weight (forest)"},
    "qw.rank_stated": {"id": "Urutan ditetapkan", "en": "Stated rank"},
    "qw.rank_revealed": {"id": "Urutan tersirat", "en": "Revealed rank"},
    "qw.importance_title": {
        "id": "Bobot yang ditetapkan dan bobot tersirat keputusan lalu",
        "en": "Stated weights and the weights past decisions reveal",
    },
    "qw.share": {"id": "Porsi", "en": "Share"},
    "qw.no_history": {
        "id": "Belum ada keputusan quick win dari dua tahun sebelumnya: model tidak dilatih.",
        "en": "No Quick Win decisions from two earlier years: the model is not trained.",
    },
    "qw.best_model": {
        "id": "Peluang kandidat dihitung dengan model terbaik pada tahun uji: {model}.",
        "en": "Candidate probabilities come from the better model on the test year: {model}.",
    },
    "qw.static_note": {
        "id": "Mode statis: atur `interactive = True` di sel parameter dan jalankan di "
              "JupyterLab untuk menggeser bobot dan melihat peringkat berubah.",
        "en": "Static mode: set `interactive = True` in the parameters cell and run in "
              "JupyterLab to move the weights and watch the ranking change.",
    },
    "qw.written": {"id": "Ditulis ke", "en": "Written to"},
    "qw.reason_selected": {
        "id": "terpilih: peringkat prioritas {rank} dari {n}, biaya {cost} ({share:.0%} anggaran)",
        "en": "chosen: priority rank {rank} of {n}, costs {cost} ({share:.0%} of the budget)",
    },
    "qw.reason_no_cost": {
        "id": "anggaran tidak diketahui: tidak dapat dimasukkan ke perhitungan anggaran",
        "en": "budget unknown: cannot be weighed against the budget",
    },
    "qw.reason_no_priority": {
        "id": "skor prioritas 0: tidak menambah prioritas total",
        "en": "priority score 0: adds nothing to the total priority",
    },
    "qw.reason_over_budget": {
        "id": "biaya {cost} melebihi seluruh anggaran {budget}",
        "en": "costs {cost}, more than the whole budget of {budget}",
    },
    "qw.reason_agency_limit": {
        "id": "batas {limit} quick win per perangkat daerah sudah terisi ({agency})",
        "en": "the limit of {limit} quick wins per agency is reached ({agency})",
    },
    "qw.reason_dimension_limit": {
        "id": "batas {limit} quick win per dimensi sudah terisi ({dimension})",
        "en": "the limit of {limit} quick wins per dimension is reached ({dimension})",
    },
    "qw.reason_budget_left": {
        "id": "butuh {cost}, sisa anggaran hanya {left}; menukarnya menurunkan prioritas total",
        "en": "needs {cost} with only {left} left; swapping it in lowers the total priority",
    },
    "qw.reason_lower_total": {
        "id": "kombinasi terpilih memberi prioritas total lebih tinggi",
        "en": "the chosen combination gives a higher total priority",
    },
    "qw.shortlist": {"id": "Daftar pendek", "en": "Shortlist"},
    "qw.summary_selected": {"id": "Inovasi terpilih", "en": "Innovations chosen"},
    "qw.summary_priority": {"id": "Prioritas total", "en": "Total priority"},
    "qw.summary_spent": {"id": "Anggaran terpakai", "en": "Budget used"},
    "qw.summary_budget": {"id": "Anggaran Quick Win", "en": "Quick Win budget"},
    "qw.summary_left": {"id": "Sisa anggaran", "en": "Budget left"},
    "qw.reason_total_limit": {
        "id": "batas {limit} quick win per tahun sudah terisi",
        "en": "the limit of {limit} quick wins for the year is reached",
    },
    "qw.yes": {"id": "ya", "en": "yes"},
    "qw.no": {"id": "tidak", "en": "no"},
    # innovation clusters workbook (02)
    "cl.summary": {
        "id": "{n} inovasi (baris terakhir tiap inovasi), {components} dimensi LSA; jumlah klaster "
              "dengan silhouette terbaik pada rentang {k_min}-{k_max}: {k} (silhouette "
              "{silhouette:.3f}).",
        "en": "{n} innovations (each one's latest row), {components} LSA dimensions; number of "
              "clusters with the best silhouette in {k_min}-{k_max}: {k} (silhouette "
              "{silhouette:.3f}).",
    },
    "cl.block": {"id": "Blok fitur", "en": "Feature block"},
    "cl.columns": {"id": "Kolom", "en": "Columns"},
    "cl.features": {"id": "Jumlah fitur", "en": "Features"},
    "cl.weight": {"id": "Bobot", "en": "Weight"},
    "cl.k": {"id": "Jumlah klaster (k)", "en": "Number of clusters (k)"},
    "cl.silhouette": {"id": "Silhouette", "en": "Silhouette"},
    "cl.chosen": {"id": "Terpilih", "en": "Chosen"},
    "cl.k_selection_title": {
        "id": "Pemilihan jumlah klaster: silhouette k-means per k",
        "en": "Choosing the number of clusters: k-means silhouette per k",
    },
    "cl.method": {"id": "Metode", "en": "Method"},
    "cl.method_kmeans_silhouette": {"id": "k-means + silhouette", "en": "k-means + silhouette"},
    "cl.method_hdbscan": {"id": "HDBSCAN (kepadatan)", "en": "HDBSCAN (density)"},
    "cl.clusters": {"id": "Klaster", "en": "Clusters"},
    "cl.noise_share": {"id": "Tanpa klaster (%)", "en": "No cluster (%)"},
    "cl.ari_planted": {"id": "ARI vs kelompok tertanam", "en": "ARI vs planted groups"},
    "cl.cluster": {"id": "Klaster", "en": "Cluster"},
    "cl.size": {"id": "Jumlah inovasi", "en": "Innovations"},
    "cl.top_terms": {"id": "Kata kunci utama", "en": "Top terms"},
    "cl.sub_dimension_share": {"id": "Porsi sub-dimensi (%)", "en": "Sub-dimension share (%)"},
    "cl.map_title": {
        "id": "Peta inovasi per klaster (reduksi {method} dari fitur LSA)",
        "en": "Innovations by cluster ({method} reduction of the LSA features)",
    },
    "cl.rerun": {"id": "Pengulangan", "en": "Rerun"},
    "cl.runs": {"id": "Jumlah", "en": "Runs"},
    "cl.stability_seed": {"id": "seed lain", "en": "other seeds"},
    "cl.stability_resample": {"id": "sampel ulang 80%", "en": "80% resamples"},
    "cl.ari_mean": {"id": "ARI rata-rata", "en": "Mean ARI"},
    "cl.ari_min": {"id": "ARI terendah", "en": "Lowest ARI"},
    "cl.ari_max": {"id": "ARI tertinggi", "en": "Highest ARI"},
    "cl.planted_check": {
        "id": "Pemeriksaan data sintetis: ARI klaster terhadap {groups} kelompok tertanam = "
              "{ari:.3f} (target >= 0,8).",
        "en": "Synthetic-data check: ARI of the clusters against the {groups} planted groups = "
              "{ari:.3f} (target >= 0.8).",
    },
    "cl.no_agencies": {"id": "Tidak ada Perangkat Daerah yang dikenal untuk digambarkan.",
                       "en": "No known agency to draw."},
    "cl.heatmap_title": {
        "id": "Jumlah inovasi per klaster dan perangkat daerah",
        "en": "Innovations per cluster and agency",
    },
    "cl.pairs_summary": {
        "id": "{pairs} pasangan inovasi lintas perangkat daerah dengan kemiripan teks >= "
              "{threshold}; jaringan: {agencies} perangkat daerah, {links} hubungan ({similar} "
              "dengan inovasi mirip), dari {declared} kemitraan yang dideklarasikan.",
        "en": "{pairs} cross-agency innovation pairs with text similarity >= {threshold}; "
              "network: {agencies} agencies, {links} links ({similar} with similar "
              "innovations), from {declared} declared partnerships.",
    },
    "cl.innovation_a": {"id": "Inovasi A", "en": "Innovation A"},
    "cl.agency_a": {"id": "PD A", "en": "Agency A"},
    "cl.innovation_b": {"id": "Inovasi B", "en": "Innovation B"},
    "cl.agency_b": {"id": "PD B", "en": "Agency B"},
    "cl.similarity": {"id": "Kemiripan", "en": "Similarity"},
    "cl.shared_terms": {"id": "Kata bersama", "en": "Shared terms"},
    "cl.similar_pairs": {"id": "Pasangan mirip", "en": "Similar pairs"},
    "cl.declared_partnerships": {"id": "Kemitraan dideklarasikan",
                                 "en": "Declared partnerships"},
    "cl.link_weight": {"id": "Bobot hubungan", "en": "Link weight"},
    "cl.network_title": {
        "id": "Jaringan keterpaduan antar perangkat daerah ({links} hubungan terkuat)",
        "en": "Integration network between agencies (the {links} strongest links)",
    },
    "cl.network_caption": {
        "id": "Ukuran simpul = jumlah inovasi; oranye = ada inovasi mirip, abu-abu = hanya "
              "kemitraan dideklarasikan",
        "en": "Node size = innovations; orange = similar innovations, grey = declared "
              "partnerships only",
    },
    "cl.innovations": {"id": "Inovasi", "en": "Innovations"},
    "cl.sectors_reached": {"id": "Sektor terlibat (dari 5)", "en": "Sectors reached (of 5)"},
    "cl.mean_sectors": {"id": "Rata-rata sektor per inovasi", "en": "Mean sectors per innovation"},
    "cl.connected_agencies": {"id": "PD terhubung", "en": "Connected agencies"},
    "cl.written": {"id": "Ditulis", "en": "Written"},
    # generic labels
    "fmt.yes": {"id": "ya", "en": "yes"},
    "fmt.no": {"id": "tidak", "en": "no"},
    "fmt.item": {"id": "Keterangan", "en": "Item"},
    "fmt.value": {"id": "Nilai", "en": "Value"},
    "agency": {"id": "Perangkat Daerah", "en": "Agency"},
    "year": {"id": "Tahun", "en": "Year"},
    "dimension": {"id": "Dimensi", "en": "Dimension"},
    "sub_dimension": {"id": "Sub-dimensi", "en": "Sub-dimension"},
    "evaluation_dimension": {"id": "Dimensi Evaluasi", "en": "Evaluation Dimension"},
    # ---- issue 16, honest analytics (clusters 02, quick win 03, data-quality flags): begin
    "cl.signals_title": {"id": "Peringatan mutu klaster", "en": "Cluster quality warnings"},
    "cl.signals_none": {
        "id": "Tidak ada tanda mutu klaster yang lemah (k di dalam rentang, silhouette dan "
              "stabilitas memadai, tidak ada klaster penampung).",
        "en": "No sign of weak clusters (k inside the range, silhouette and stability adequate, "
              "no catch-all cluster).",
    },
    "cl.signals_meaning": {
        "id": "Artinya: perlakukan kelompok ini sebagai pemilahan kasar pertama, bukan topik yang "
              "pasti; periksa anggotanya sebelum bertindak.",
        "en": "What this means: treat these groups as a rough first sort, not settled topics; "
              "check their members before acting on them.",
    },
    "cl.signal_k_edge": {
        "id": "k = {k} ada di tepi rentang yang dicoba ({k_min}-{k_max}): jumlah klaster terbaik "
              "mungkin di luar rentang, jadi k ini belum tentu bermakna.",
        "en": "k = {k} is at the edge of the range tried ({k_min}-{k_max}): the best number may "
              "lie outside it, so this k may mean little.",
    },
    "cl.signal_silhouette": {
        "id": "Silhouette {silhouette:.2f} di bawah {limit:.2f}: kelompoknya saling tumpang "
              "tindih, tanpa struktur yang jelas.",
        "en": "Silhouette {silhouette:.2f} is below {limit:.2f}: the groups overlap, with no "
              "clear structure.",
    },
    "cl.signal_stability": {
        "id": "Stabilitas rendah: ARI rata-rata sampel ulang {ari:.2f} (di bawah {limit:.2f}); "
              "banyak inovasi berpindah klaster bila datanya sedikit berubah.",
        "en": "Low stability: mean ARI over resamples {ari:.2f} (below {limit:.2f}); many "
              "innovations change cluster when the data change a little.",
    },
    "cl.signal_catch_all": {
        "id": "Klaster {cluster} menampung {size} inovasi ({share:.0%}), jauh di atas rata-rata "
              "{mean:.1f}: kemungkinan klaster penampung dari yang tidak cocok di tempat lain.",
        "en": "Cluster {cluster} holds {size} innovations ({share:.0%}), far above the mean of "
              "{mean:.1f}: probably a catch-all of what fits nowhere else.",
    },
    "cl.signal_few_rows": {
        "id": "Rata-rata hanya {mean:.1f} inovasi per klaster (kurang dari {limit:.0f}): "
              "kelompok sekecil ini mudah terbentuk secara kebetulan.",
        "en": "Only {mean:.1f} innovations per cluster on average (fewer than {limit:.0f}): "
              "groups this small easily arise by chance.",
    },
    "cl.signal_no_data": {
        "id": "Blok fitur tanpa data, tidak dipakai: {blocks}.",
        "en": "Feature blocks without data, left out: {blocks}.",
    },
    "cl.no_pentahelix": {
        "id": "Tidak ada data pentahelix: kolom mitra pentahelix kosong atau tidak ada, jadi "
              "jangkauan lintas sektor tidak dapat dinilai.",
        "en": "No pentahelix data: the pentahelix partner columns are empty or absent, so the "
              "cross-sector reach cannot be judged.",
    },
    "cl.no_partners": {
        "id": "Tidak ada data PD mitra: kolom partner_agencies kosong, jadi jaringan hanya "
              "memuat pasangan inovasi yang mirip.",
        "en": "No partner-agency data: the partner_agencies column is empty, so the network "
              "holds only similar innovation pairs.",
    },
    "cl.next_rough": {
        "id": "Peringatan mutu di bagian 1-2 berlaku: pakai klaster sebagai pemilahan kasar dan "
              "periksa anggotanya sebelum menyimpulkan duplikasi.",
        "en": "The quality warnings of sections 1-2 apply: use the clusters as a rough sort and "
              "check their members before concluding duplication.",
    },
    "cl.next_pairs": {
        "id": "Bahas pasangan di bagian 4 dengan kedua perangkat daerah: gabungkan inovasi yang "
              "sama (duplikasi), atau jadikan yang saling melengkapi satu program terpadu.",
        "en": "Discuss the pairs in section 4 with both agencies: merge duplicates or join "
              "complementary innovations into one integrated programme.",
    },
    "cl.next_no_pairs": {
        "id": "Tidak ada pasangan lintas PD dengan cukup kata bersama: tidak ada calon "
              "keterpaduan yang dapat disimpulkan dari teks.",
        "en": "No cross-agency pair shares enough terms: no integration candidate can be "
              "concluded from the text.",
    },
    "cl.next_reach": {
        "id": "Perangkat daerah yang tidak terhubung di jaringan (bagian 5) atau yang jangkauan "
              "pentahelixnya sempit (bagian 6) adalah sasaran pertama untuk kolaborasi.",
        "en": "Agencies unlinked in the network (section 5) or with a narrow pentahelix reach "
              "(section 6) are the first candidates for collaboration.",
    },
    "cl.next_no_pentahelix": {
        "id": "Kumpulkan dulu mitra pentahelix setiap inovasi: tanpa data itu tidak ada "
              "perangkat daerah yang dapat disebut berjangkauan sempit.",
        "en": "First collect each innovation's pentahelix partners: without them no agency can "
              "be called narrow in reach.",
    },
    "cl.next_no_partners": {
        "id": "Minta setiap perangkat daerah mengisi PD mitra inovasinya: kemitraan yang sudah "
              "ada tidak tampak di jaringan tanpa data itu.",
        "en": "Ask every agency to fill in its innovations' partner agencies: existing "
              "partnerships do not show in the network without them.",
    },
    "cl.next_quick_win": {
        "id": "Workbook 03 memakai `integration_pairs.csv` sebagai kriteria potensi keterpaduan; "
              "jalankan 03 setelah workbook ini.",
        "en": "Workbook 03 uses `integration_pairs.csv` as its integration-potential criterion: "
              "run it after this one.",
    },
    "qw.left_out_title": {
        "id": "Kriteria yang tidak dipakai (bobotnya dibagi ke kriteria lain):",
        "en": "Criteria left out (their weight goes to the others):",
    },
    "qw.left_out_no_data": {
        "id": "{criterion}: tidak ada nilai untuk satu kandidat pun",
        "en": "{criterion}: no value for any candidate",
    },
    "qw.left_out_constant": {
        "id": "{criterion}: nilainya sama ({value}) untuk setiap kandidat",
        "en": "{criterion}: the same value ({value}) for every candidate",
    },
    "qw.all_vary": {
        "id": "Setiap kriteria berbeda nilainya antar kandidat.",
        "en": "Every criterion varies between the candidates.",
    },
    "qw.ties_title": {
        "id": "Skor seri (urutan di dalam kelompok seri tidak bermakna):",
        "en": "Tied scores (the order inside a tie means nothing):",
    },
    "qw.tie": {
        "id": "{n} kandidat seri pada skor {score:.3f} (peringkat {rank})",
        "en": "{n} candidates tie at score {score:.3f} (rank {rank})",
    },
    "qw.no_ties": {"id": "Tidak ada skor yang seri.", "en": "No scores are tied."},
    "qw.sensitivity_void": {
        "id": "Hanya {n} kriteria yang berbeda antar kandidat: mengundi ulang bobot tidak dapat "
              "mengubah urutan, jadi analisis kepekaan ini tidak dapat dinilai (peluang 1,00 "
              "dan korelasi 1,00 di bawah tidak berarti peringkatnya kokoh).",
        "en": "Only {n} criterion varies between the candidates: redrawing the weights cannot "
              "change the order, so this sensitivity analysis cannot be judged (probabilities "
              "of 1.00 and a correlation of 1.00 below do not mean the ranking is robust).",
    },
    "qw.sensitivity_meaningful": {
        "id": "{n} kriteria berbeda antar kandidat; pengundian bobot di bawah menguji urutannya.",
        "en": "{n} criteria vary between the candidates; the weight draws below test the order.",
    },
    "qw.cost_unknown": {
        "id": "{n} kandidat tanpa biaya (anggaran kosong atau 0: tidak diketahui, bukan gratis) "
              "tidak dapat masuk daftar pendek: {names}.",
        "en": "{n} candidates have no cost (budget empty or 0: unknown, not free) and cannot "
              "be shortlisted: {names}.",
    },
    "qw.costs_known": {
        "id": "Setiap kandidat mempunyai biaya.",
        "en": "Every candidate has a cost.",
    },
    "qw.too_few_decisions": {
        "id": "Hanya {n} keputusan quick win lalu ({selected} terpilih, paling sedikit "
              "{minimum} diperlukan): terlalu sedikit untuk dipelajari, model tidak dilatih.",
        "en": "Only {n} past Quick Win decisions ({selected} chosen, at least {minimum} "
              "needed): too few to learn from, the model is not fitted.",
    },
    "dq.flags_none": {
        "id": "Tidak ada nilai mencurigakan.",
        "en": "No suspicious values.",
    },
    "dq.flag_zero_budget": {
        "id": "anggaran 0: biaya tidak diketahui, bukan gratis",
        "en": "budget of 0: the cost is unknown, not free",
    },
    "dq.flag_round_budget": {
        "id": "anggaran bulat ({value}): mungkin angka sementara",
        "en": "round budget ({value}): possibly a placeholder",
    },
    "dq.flag_beneficiaries_outlier": {
        "id": "penerima manfaat {value} jauh di luar rentang registri ({low}-{high})",
        "en": "beneficiaries {value} far outside the registry's range ({low}-{high})",
    },
    "dq.flag_same_name": {
        "id": "nama inovasi yang sama di {n} perangkat daerah: {agencies}",
        "en": "the same innovation name in {n} agencies: {agencies}",
    },
    "dq.flag_empty_description": {
        "id": "deskripsi kosong",
        "en": "empty description",
    },
    "dq.flag_description_is_name": {
        "id": "deskripsi hanya mengulang nama",
        "en": "the description only repeats the name",
    },
    "dq.flag": {"id": "Tanda", "en": "Flag"},
    # ---- issue 16: end
    # ---- real data (issue 12): a data folder without an assessment table
    "ev.no_assessment": {
        "id": "Tahap I tidak dapat dievaluasi: folder data tidak memuat tabel penilaian Tahap I "
              "(atau semua barisnya ditolak; lihat workbook 00). Workbook berikutnya tetap "
              "berjalan tanpa nilai Tahap I.",
        "en": "Stage I cannot be evaluated: the data folder has no Stage I assessment table (or "
              "every row of it was rejected; see workbook 00). The later workbooks run without "
              "Stage I scores.",
    },
}


LANGUAGES = ("id", "en")
_language = "id"  # a module global: ipykernel runs each cell in a copy of the context


def use_language(lang: str) -> None:
    """Bind the report language for everything this process renders from now on."""
    global _language
    if lang not in LANGUAGES:
        raise ValueError(f"report language must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    _language = lang


def language() -> str:
    """The report language bound by `use_language` (default: id)."""
    return _language


def text(key: str, lang: str | None = None) -> str:
    """The report string `key` in the bound language (or `lang`); KeyError names a missing key
    so gaps are found early."""
    return STRINGS[key][lang or _language]


def rupiah(value: float | None, lang: str | None = None) -> str:
    """An amount in rupiah as a reader expects it: `Rp 1.250.000` (id) or `IDR 1,250,000` (en)."""
    lang = lang or _language
    if value is None or value != value:  # None or NaN
        return ""
    grouped = f"{round(value):,}"
    return f"Rp {grouped.replace(',', '.')}" if lang == "id" else f"IDR {grouped}"


def column_label(column: str, lang: str | None = None, table: str | None = None) -> str:
    """The header of a data-contract column in the report language."""
    lang = lang or _language
    for t in [TABLES[table]] if table else TABLES.values():
        for c in t.columns:
            if c.name == column:
                return c.header_id if lang == "id" else c.header_en
    if column in STRINGS:
        return text(column, lang)
    return column


def sub_dimension_label(sub_dimension: str, lang: str | None = None) -> str:
    """A canonical sub-dimension in the report language."""
    lang = lang or _language
    return sub_dimension if lang == "id" else SUB_DIMENSION_EN.get(sub_dimension, sub_dimension)


# English labels of controlled values shown in reports (the Indonesian label is the value itself).
VALUE_EN: dict[str, str] = {
    "inisiatif": "initiative", "uji coba": "trial", "penerapan": "implemented",
    "digital": "digital", "non-digital": "non-digital",
    "aktif": "active", "selesai": "completed", "dihentikan": "discontinued",
}


def value_label(value: str, lang: str | None = None) -> str:
    """A controlled value (tahapan, jenis, status) in the report language."""
    lang = lang or _language
    return value if lang == "id" else VALUE_EN.get(value, value)


def pentahelix_label(sector: str, lang: str | None = None) -> str:
    """A pentahelix sector key in the report language."""
    lang = lang or _language
    label_id, label_en = PENTAHELIX[sector]
    return label_id if lang == "id" else label_en
