CREATE TABLE `drift_dirty` (
	`plan_id` text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE `drift_facts` (
	`plan_id` text PRIMARY KEY NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text,
	`valid_from` text NOT NULL,
	`facts` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `drift_facts_valid` ON `drift_facts` (`valid_from`,`start_date`,`end_date`);