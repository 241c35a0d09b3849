-- Within one surname and first name, the children list follows the patronymic in Kazakh
-- order too (it followed the random id): the order's index gains the patronymic's key.
DROP INDEX `children_kazakh_order`;--> statement-breakpoint
CREATE INDEX `children_kazakh_order` ON `children` (kazakh_sort_key("last_name"),kazakh_sort_key("first_name"),kazakh_sort_key("patronymic"),`id`);--> statement-breakpoint
-- A representative's children are found by representative (the search index's triggers below).
CREATE INDEX `child_representatives_representative` ON `child_representatives` (`representative_id`);--> statement-breakpoint
-- The search (electron/core/children/search.ts) also finds a child by a representative's
-- name, IIN or phone, and by names typed without Kazakh letters (a folded copy of each name
-- that has one, db/search-text.ts). Its rows come from several tables, so the index holds its
-- own rows (contentless, rows deleted by rowid) instead of reading `children`: each row is
-- written from children_search_source by the triggers of every table it is built from.
DROP TRIGGER `children_search_insert`;--> statement-breakpoint
DROP TRIGGER `children_search_delete`;--> statement-breakpoint
DROP TRIGGER `children_search_update`;--> statement-breakpoint
DROP TABLE `children_search`;--> statement-breakpoint
CREATE VIRTUAL TABLE children_search USING fts5(
  names, names_folded, iin, family, family_folded, family_iin, phones,
  content = '', contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 0', prefix = '1 2 3'
);--> statement-breakpoint
CREATE VIEW children_search_source AS
SELECT child_rowid, child_id, names, nullif(kazakh_fold(names), names) AS names_folded, iin,
  family, nullif(kazakh_fold(family), family) AS family_folded, family_iin, phones
FROM (
  SELECT c.rowid AS child_rowid, c.id AS child_id, c.iin AS iin,
    concat_ws(' ', c.last_name, c.first_name, c.patronymic) AS names,
    (SELECT group_concat(concat_ws(' ', r.last_name, r.first_name, r.patronymic), ' ')
       FROM child_representatives cr JOIN representatives r ON r.id = cr.representative_id
       WHERE cr.child_id = c.id) AS family,
    (SELECT group_concat(r.iin, ' ')
       FROM child_representatives cr JOIN representatives r ON r.id = cr.representative_id
       WHERE cr.child_id = c.id) AS family_iin,
    (SELECT group_concat(concat_ws(' ', phone_digits(r.phone), phone_digits(r.phone_extra)), ' ')
       FROM child_representatives cr JOIN representatives r ON r.id = cr.representative_id
       WHERE cr.child_id = c.id) AS phones
  FROM children c
);--> statement-breakpoint
CREATE TRIGGER children_search_insert AFTER INSERT ON children BEGIN
  INSERT INTO children_search (rowid, names, names_folded, iin, family, family_folded, family_iin, phones)
  SELECT child_rowid, names, names_folded, iin, family, family_folded, family_iin, phones
  FROM children_search_source WHERE child_rowid = new.rowid;
END;--> statement-breakpoint
CREATE TRIGGER children_search_delete AFTER DELETE ON children BEGIN
  DELETE FROM children_search WHERE rowid = old.rowid;
END;--> statement-breakpoint
CREATE TRIGGER children_search_update AFTER UPDATE OF last_name, first_name, patronymic, iin ON children BEGIN
  DELETE FROM children_search WHERE rowid = old.rowid;
  INSERT INTO children_search (rowid, names, names_folded, iin, family, family_folded, family_iin, phones)
  SELECT child_rowid, names, names_folded, iin, family, family_folded, family_iin, phones
  FROM children_search_source WHERE child_rowid = new.rowid;
END;--> statement-breakpoint
CREATE TRIGGER children_search_link AFTER INSERT ON child_representatives BEGIN
  DELETE FROM children_search WHERE rowid = (SELECT rowid FROM children WHERE id = new.child_id);
  INSERT INTO children_search (rowid, names, names_folded, iin, family, family_folded, family_iin, phones)
  SELECT child_rowid, names, names_folded, iin, family, family_folded, family_iin, phones
  FROM children_search_source WHERE child_id = new.child_id;
END;--> statement-breakpoint
CREATE TRIGGER children_search_unlink AFTER DELETE ON child_representatives BEGIN
  DELETE FROM children_search WHERE rowid = (SELECT rowid FROM children WHERE id = old.child_id);
  INSERT INTO children_search (rowid, names, names_folded, iin, family, family_folded, family_iin, phones)
  SELECT child_rowid, names, names_folded, iin, family, family_folded, family_iin, phones
  FROM children_search_source WHERE child_id = old.child_id;
END;--> statement-breakpoint
CREATE TRIGGER children_search_relink AFTER UPDATE OF child_id, representative_id ON child_representatives BEGIN
  DELETE FROM children_search
  WHERE rowid IN (SELECT rowid FROM children WHERE id IN (old.child_id, new.child_id));
  INSERT INTO children_search (rowid, names, names_folded, iin, family, family_folded, family_iin, phones)
  SELECT child_rowid, names, names_folded, iin, family, family_folded, family_iin, phones
  FROM children_search_source WHERE child_id IN (old.child_id, new.child_id);
END;--> statement-breakpoint
CREATE TRIGGER children_search_representative AFTER UPDATE OF last_name, first_name, patronymic, iin, phone, phone_extra ON representatives BEGIN
  DELETE FROM children_search WHERE rowid IN (
    SELECT c.rowid FROM child_representatives cr JOIN children c ON c.id = cr.child_id
    WHERE cr.representative_id = new.id);
  INSERT INTO children_search (rowid, names, names_folded, iin, family, family_folded, family_iin, phones)
  SELECT child_rowid, names, names_folded, iin, family, family_folded, family_iin, phones
  FROM children_search_source
  WHERE child_id IN (SELECT child_id FROM child_representatives WHERE representative_id = new.id);
END;--> statement-breakpoint
INSERT INTO children_search (rowid, names, names_folded, iin, family, family_folded, family_iin, phones)
SELECT child_rowid, names, names_folded, iin, family, family_folded, family_iin, phones
FROM children_search_source;
