"""The regional innovation index (Indeks Inovasi Daerah, IID) of Kemendagri/BSKDN: its rulebook
(`rulebook`), the table of a region's indicator scores (`table`), the index (`score`), what one
more innovation or indicator point would add (`gains`) and the lines `smartcity iid` prints
(`report`). docs/iid.md explains the method and its sources."""
