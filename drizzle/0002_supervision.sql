CREATE TABLE `midway_reviews` (
	`id` text PRIMARY KEY NOT NULL,
	`child_id` text NOT NULL,
	`plan_id` text NOT NULL,
	`date` text NOT NULL,
	`since_date` text NOT NULL,
	`rag` text NOT NULL,
	`rag_reason` text NOT NULL,
	`decision` text NOT NULL,
	`decision_note` text NOT NULL,
	`changes` text NOT NULL,
	`recorded_at` text NOT NULL,
	`recorded_by` text NOT NULL,
	CONSTRAINT "midway_reviews_date" CHECK(date IS NULL OR (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(date) = date)),
	CONSTRAINT "midway_reviews_since_date" CHECK(since_date IS NULL OR (since_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(since_date) = since_date)),
	CONSTRAINT "midway_reviews_rag" CHECK(rag IN ('red', 'amber', 'green')),
	CONSTRAINT "midway_reviews_decision" CHECK(decision IN ('no-change', 'bring-forward', 'escalate'))
);
--> statement-breakpoint
CREATE INDEX `midway_reviews_child` ON `midway_reviews` (`child_id`,`date`);--> statement-breakpoint
CREATE TABLE `supervision_actions` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`child_id` text NOT NULL,
	`plan_id` text NOT NULL,
	`created_date` text NOT NULL,
	`description` text NOT NULL,
	`owner_id` text,
	`due_date` text NOT NULL,
	`status` text NOT NULL,
	`closed_date` text,
	FOREIGN KEY (`session_id`) REFERENCES `supervision_sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "supervision_actions_status" CHECK(status IN ('open', 'done', 'dropped')),
	CONSTRAINT "supervision_actions_created_date" CHECK(created_date IS NULL OR (created_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(created_date) = created_date)),
	CONSTRAINT "supervision_actions_due_date" CHECK(due_date IS NULL OR (due_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(due_date) = due_date)),
	CONSTRAINT "supervision_actions_closed_date" CHECK(closed_date IS NULL OR (closed_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(closed_date) = closed_date))
);
--> statement-breakpoint
CREATE INDEX `supervision_actions_child` ON `supervision_actions` (`child_id`,`created_date`);--> statement-breakpoint
CREATE INDEX `supervision_actions_open` ON `supervision_actions` (`status`,`due_date`);--> statement-breakpoint
CREATE TABLE `supervision_children` (
	`session_id` text NOT NULL,
	`child_id` text NOT NULL,
	`discussion` text NOT NULL,
	`decisions` text NOT NULL,
	PRIMARY KEY(`session_id`, `child_id`),
	FOREIGN KEY (`session_id`) REFERENCES `supervision_sessions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `supervision_children_child` ON `supervision_children` (`child_id`,`session_id`);--> statement-breakpoint
CREATE TABLE `supervision_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`date` text NOT NULL,
	`scope_kind` text NOT NULL,
	`scope_id` text NOT NULL,
	`scope_name` text NOT NULL,
	`supervisor` text NOT NULL,
	`notes` text NOT NULL,
	`recorded_at` text NOT NULL,
	`recorded_by` text NOT NULL,
	CONSTRAINT "supervision_sessions_date" CHECK(date IS NULL OR (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(date) = date)),
	CONSTRAINT "supervision_sessions_scope" CHECK(scope_kind IN ('worker', 'team', 'caseload'))
);
--> statement-breakpoint
CREATE INDEX `supervision_sessions_scope` ON `supervision_sessions` (`scope_kind`,`scope_id`,`date`);