DROP INDEX `allocations_child`;--> statement-breakpoint
CREATE INDEX `allocations_child` ON `allocations` (`child_id`,`start_date`,`id`,`professional_id`,`end_date`);--> statement-breakpoint
DROP INDEX `conferences_plan`;--> statement-breakpoint
CREATE INDEX `conferences_plan` ON `conferences` (`plan_id`,`date`,`id`,`kind`);--> statement-breakpoint
DROP INDEX `distributions_meeting`;--> statement-breakpoint
CREATE INDEX `distributions_meeting` ON `distributions` (`meeting_id`,`professional_id`,`date`);--> statement-breakpoint
DROP INDEX `meetings_date`;--> statement-breakpoint
CREATE INDEX `meetings_date` ON `meetings` (`date`,`id`,`chair_id`,`plan_available`,`child_views_recorded`,`risk_reviewed`,`risk_score`,`risk_scale`);--> statement-breakpoint
DROP INDEX `members_plan`;--> statement-breakpoint
CREATE INDEX `members_plan` ON `members` (`plan_id`,`professional_id`,`from_date`,`to_date`);--> statement-breakpoint
DROP INDEX `visits_child`;--> statement-breakpoint
CREATE INDEX `visits_child` ON `visits` (`child_id`,`date`,`id`,`seen_alone`);--> statement-breakpoint
CREATE INDEX `actions_open_cover` ON `actions` (`plan_id`,`id`,`created_date`,`outcome`,`owner_id`,`due_date`,`closed_date`,`last_reviewed_date`) WHERE status = 'open';--> statement-breakpoint
CREATE INDEX `meeting_attendance_present` ON `meeting_attendance` (`meeting_id`,`professional_id`) WHERE attended = 1;