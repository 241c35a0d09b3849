-- Name and IIN search over children (FTS5, external content kept in step by triggers).
-- unicode61 folds case for Cyrillic including Kazakh letters; diacritics are kept so that
-- й/и and Kazakh letters stay distinct. Prefix indexes make 1–3-letter prefixes instant.
CREATE VIRTUAL TABLE children_search USING fts5(
  last_name, first_name, patronymic, iin,
  content = 'children', content_rowid = 'rowid',
  tokenize = 'unicode61 remove_diacritics 0', prefix = '1 2 3'
);
--> statement-breakpoint
CREATE TRIGGER children_search_insert AFTER INSERT ON children BEGIN
  INSERT INTO children_search (rowid, last_name, first_name, patronymic, iin)
  VALUES (new.rowid, new.last_name, new.first_name, new.patronymic, new.iin);
END;
--> statement-breakpoint
CREATE TRIGGER children_search_delete AFTER DELETE ON children BEGIN
  INSERT INTO children_search (children_search, rowid, last_name, first_name, patronymic, iin)
  VALUES ('delete', old.rowid, old.last_name, old.first_name, old.patronymic, old.iin);
END;
--> statement-breakpoint
CREATE TRIGGER children_search_update AFTER UPDATE OF last_name, first_name, patronymic, iin ON children BEGIN
  INSERT INTO children_search (children_search, rowid, last_name, first_name, patronymic, iin)
  VALUES ('delete', old.rowid, old.last_name, old.first_name, old.patronymic, old.iin);
  INSERT INTO children_search (rowid, last_name, first_name, patronymic, iin)
  VALUES (new.rowid, new.last_name, new.first_name, new.patronymic, new.iin);
END;
--> statement-breakpoint
-- Privileged categories (queue priority): reference data; the portal's list replaces it later.
INSERT INTO privilege_categories (code, kind, name_kk, name_ru) VALUES
  ('military', 'extraordinary', 'Әскери қызметшілердің және арнаулы мемлекеттік органдар қызметкерлерінің балалары', 'Дети военнослужащих и сотрудников специальных государственных органов'),
  ('disabled_parent', 'first_priority', 'Заңды өкілдері мүгедек балалар', 'Дети, законные представители которых являются лицами с инвалидностью'),
  ('orphan', 'first_priority', 'Жетім балалар және ата-анасының қамқорлығынсыз қалған балалар', 'Дети-сироты и дети, оставшиеся без попечения родителей'),
  ('large_family', 'first_priority', 'Көп балалы отбасылардың балалары', 'Дети из многодетных семей'),
  ('special_needs', 'first_priority', 'Ерекше білім беру қажеттіліктері бар балалар', 'Дети с особыми образовательными потребностями'),
  ('teacher_child', 'first_priority', 'Педагогтердің балалары', 'Дети педагогов');
