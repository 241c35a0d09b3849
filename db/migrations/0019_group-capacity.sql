-- A group's capacity (issue 15, the overview): how many children the group takes, set by the
-- director; NULL while not set (the overview then shows no vacancies for the group).
ALTER TABLE `groups` ADD `capacity` integer;
