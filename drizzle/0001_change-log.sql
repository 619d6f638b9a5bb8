CREATE TABLE `change_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`change_id` integer NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`summary` text NOT NULL,
	`child_id` text,
	`table_name` text NOT NULL,
	`record_id` text NOT NULL,
	`before` text,
	`after` text,
	`undoes` integer
);
--> statement-breakpoint
CREATE INDEX `change_log_change` ON `change_log` (`change_id`);--> statement-breakpoint
CREATE INDEX `change_log_child` ON `change_log` (`child_id`,`change_id`);--> statement-breakpoint
CREATE INDEX `change_log_undoes` ON `change_log` (`undoes`);