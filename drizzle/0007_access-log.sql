CREATE TABLE `access_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`event` text NOT NULL,
	`child_id` text,
	`file_name` text
);
--> statement-breakpoint
CREATE INDEX `access_log_at` ON `access_log` (`at`);--> statement-breakpoint
-- Append-only: nothing may rewrite or remove what the access log says happened.
CREATE TRIGGER `access_log_no_update` BEFORE UPDATE ON `access_log` BEGIN SELECT RAISE(ABORT, 'The access log is append-only: an entry cannot be changed.'); END;--> statement-breakpoint
CREATE TRIGGER `access_log_no_delete` BEFORE DELETE ON `access_log` BEGIN SELECT RAISE(ABORT, 'The access log is append-only: an entry cannot be removed.'); END;
