CREATE TABLE `actions` (
	`id` text PRIMARY KEY NOT NULL,
	`plan_id` text NOT NULL,
	`created_date` text NOT NULL,
	`description` text NOT NULL,
	`outcome` text,
	`owner_id` text,
	`due_date` text,
	`status` text NOT NULL,
	`closed_date` text,
	`last_reviewed_date` text,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_id`) REFERENCES `professionals`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "actions_status" CHECK(status IN ('open', 'done', 'dropped')),
	CONSTRAINT "actions_created_date" CHECK(created_date IS NULL OR (created_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(created_date) = created_date)),
	CONSTRAINT "actions_due_date" CHECK(due_date IS NULL OR (due_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(due_date) = due_date)),
	CONSTRAINT "actions_closed_date" CHECK(closed_date IS NULL OR (closed_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(closed_date) = closed_date)),
	CONSTRAINT "actions_last_reviewed_date" CHECK(last_reviewed_date IS NULL OR (last_reviewed_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(last_reviewed_date) = last_reviewed_date))
);
--> statement-breakpoint
CREATE INDEX `actions_plan` ON `actions` (`plan_id`);--> statement-breakpoint
CREATE INDEX `actions_open` ON `actions` (`status`,`closed_date`);--> statement-breakpoint
CREATE TABLE `allocations` (
	`id` text PRIMARY KEY NOT NULL,
	`child_id` text NOT NULL,
	`professional_id` text NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text,
	`change_reason` text,
	FOREIGN KEY (`child_id`) REFERENCES `children`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`professional_id`) REFERENCES `professionals`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "allocations_start_date" CHECK(start_date IS NULL OR (start_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(start_date) = start_date)),
	CONSTRAINT "allocations_end_date" CHECK(end_date IS NULL OR (end_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(end_date) = end_date)),
	CONSTRAINT "allocations_change_reason" CHECK(change_reason IS NULL OR change_reason IN ('LEFTRL','ORGRST','MANAGE','TSPROC','ABSENC','CHCHAN','PCCHAN','FCONTA','SWDIED','OTHERS'))
);
--> statement-breakpoint
CREATE INDEX `allocations_child` ON `allocations` (`child_id`,`start_date`);--> statement-breakpoint
CREATE INDEX `allocations_professional` ON `allocations` (`professional_id`);--> statement-breakpoint
CREATE TABLE `children` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`date_of_birth` text,
	`gender` text,
	`ethnicity` text,
	`complex` integer NOT NULL,
	`team` text,
	CONSTRAINT "children_dob_date" CHECK(date_of_birth IS NULL OR (date_of_birth GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(date_of_birth) = date_of_birth))
);
--> statement-breakpoint
CREATE INDEX `children_team` ON `children` (`team`);--> statement-breakpoint
CREATE TABLE `conferences` (
	`id` text PRIMARY KEY NOT NULL,
	`plan_id` text NOT NULL,
	`kind` text NOT NULL,
	`date` text NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "conferences_kind" CHECK(kind IN ('initial', 'review')),
	CONSTRAINT "conferences_date" CHECK(date IS NULL OR (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(date) = date))
);
--> statement-breakpoint
CREATE INDEX `conferences_plan` ON `conferences` (`plan_id`,`date`);--> statement-breakpoint
CREATE TABLE `disagreement_stages` (
	`disagreement_id` text NOT NULL,
	`seq` integer NOT NULL,
	`stage` integer NOT NULL,
	`start_date` text NOT NULL,
	`responded_date` text,
	PRIMARY KEY(`disagreement_id`, `seq`),
	FOREIGN KEY (`disagreement_id`) REFERENCES `disagreements`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "disagreement_stages_stage" CHECK(stage BETWEEN 1 AND 4),
	CONSTRAINT "disagreement_stages_start_date" CHECK(start_date IS NULL OR (start_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(start_date) = start_date)),
	CONSTRAINT "disagreement_stages_responded_date" CHECK(responded_date IS NULL OR (responded_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(responded_date) = responded_date))
);
--> statement-breakpoint
CREATE TABLE `disagreements` (
	`id` text PRIMARY KEY NOT NULL,
	`plan_id` text NOT NULL,
	`raised_date` text NOT NULL,
	`raised_by_id` text NOT NULL,
	`category` text NOT NULL,
	`resolved_date` text,
	`outcome` text,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`raised_by_id`) REFERENCES `professionals`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "disagreements_category" CHECK(category IN ('plan-progress', 'threshold', 'visits', 'information-sharing', 'resources', 'conference-decision', 'other')),
	CONSTRAINT "disagreements_raised_date" CHECK(raised_date IS NULL OR (raised_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(raised_date) = raised_date)),
	CONSTRAINT "disagreements_resolved_date" CHECK(resolved_date IS NULL OR (resolved_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(resolved_date) = resolved_date))
);
--> statement-breakpoint
CREATE INDEX `disagreements_plan` ON `disagreements` (`plan_id`);--> statement-breakpoint
CREATE TABLE `distributions` (
	`row_id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`meeting_id` text NOT NULL,
	`professional_id` text NOT NULL,
	`date` text NOT NULL,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`professional_id`) REFERENCES `professionals`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "distributions_date" CHECK(date IS NULL OR (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(date) = date))
);
--> statement-breakpoint
CREATE INDEX `distributions_meeting` ON `distributions` (`meeting_id`,`professional_id`);--> statement-breakpoint
CREATE TABLE `meeting_attendance` (
	`meeting_id` text NOT NULL,
	`professional_id` text NOT NULL,
	`attended` integer NOT NULL,
	PRIMARY KEY(`meeting_id`, `professional_id`),
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`professional_id`) REFERENCES `professionals`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `meeting_plans` (
	`meeting_id` text NOT NULL,
	`plan_id` text NOT NULL,
	PRIMARY KEY(`meeting_id`, `plan_id`),
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `meeting_plans_plan` ON `meeting_plans` (`plan_id`,`meeting_id`);--> statement-breakpoint
CREATE TABLE `meetings` (
	`id` text PRIMARY KEY NOT NULL,
	`date` text NOT NULL,
	`chair_id` text NOT NULL,
	`plan_available` integer NOT NULL,
	`child_views_recorded` integer NOT NULL,
	`risk_reviewed` integer NOT NULL,
	`risk_score` real,
	`risk_scale` text,
	FOREIGN KEY (`chair_id`) REFERENCES `professionals`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "meetings_date" CHECK(date IS NULL OR (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(date) = date)),
	CONSTRAINT "meetings_risk" CHECK((risk_score IS NULL AND risk_scale IS NULL) OR (risk_score BETWEEN 0 AND 10 AND risk_scale IN ('safety','danger')))
);
--> statement-breakpoint
CREATE INDEX `meetings_date` ON `meetings` (`date`);--> statement-breakpoint
CREATE TABLE `members` (
	`row_id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` text NOT NULL,
	`professional_id` text NOT NULL,
	`from_date` text NOT NULL,
	`to_date` text,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`professional_id`) REFERENCES `professionals`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "members_from_date" CHECK(from_date IS NULL OR (from_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(from_date) = from_date)),
	CONSTRAINT "members_to_date" CHECK(to_date IS NULL OR (to_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(to_date) = to_date))
);
--> statement-breakpoint
CREATE INDEX `members_plan` ON `members` (`plan_id`);--> statement-breakpoint
CREATE INDEX `members_professional` ON `members` (`professional_id`);--> statement-breakpoint
CREATE TABLE `plans` (
	`id` text PRIMARY KEY NOT NULL,
	`child_id` text NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text,
	`initial_category` text NOT NULL,
	`latest_category` text,
	`previous_plans` integer NOT NULL,
	FOREIGN KEY (`child_id`) REFERENCES `children`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "plans_start_date" CHECK(start_date IS NULL OR (start_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(start_date) = start_date)),
	CONSTRAINT "plans_end_date" CHECK(end_date IS NULL OR (end_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(end_date) = end_date)),
	CONSTRAINT "plans_initial_category" CHECK(initial_category IN ('neglect', 'physical', 'sexual', 'emotional', 'multiple')),
	CONSTRAINT "plans_latest_category" CHECK(latest_category IS NULL OR latest_category IN ('neglect','physical','sexual','emotional','multiple')),
	CONSTRAINT "plans_previous_plans" CHECK(previous_plans >= 0)
);
--> statement-breakpoint
CREATE INDEX `plans_child` ON `plans` (`child_id`);--> statement-breakpoint
CREATE INDEX `plans_dates` ON `plans` (`start_date`,`end_date`);--> statement-breakpoint
CREATE TABLE `professionals` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`agency` text NOT NULL,
	`email` text,
	`phone` text,
	CONSTRAINT "professionals_role" CHECK(role IN ('social-worker', 'team-manager', 'deputy-manager', 'cp-chair', 'health', 'education', 'police', 'other'))
);
--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `visits` (
	`id` text PRIMARY KEY NOT NULL,
	`child_id` text NOT NULL,
	`date` text NOT NULL,
	`seen_alone` integer NOT NULL,
	FOREIGN KEY (`child_id`) REFERENCES `children`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "visits_date" CHECK(date IS NULL OR (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(date) = date))
);
--> statement-breakpoint
CREATE INDEX `visits_child` ON `visits` (`child_id`,`date`);