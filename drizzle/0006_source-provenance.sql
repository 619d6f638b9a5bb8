ALTER TABLE `allocations` ADD `source` text;--> statement-breakpoint
ALTER TABLE `allocations` ADD `source_id` text;--> statement-breakpoint
ALTER TABLE `children` ADD `source` text;--> statement-breakpoint
ALTER TABLE `children` ADD `source_id` text;--> statement-breakpoint
ALTER TABLE `conferences` ADD `source` text;--> statement-breakpoint
ALTER TABLE `conferences` ADD `source_id` text;--> statement-breakpoint
ALTER TABLE `plans` ADD `source` text;--> statement-breakpoint
ALTER TABLE `plans` ADD `source_id` text;--> statement-breakpoint
ALTER TABLE `professionals` ADD `source` text;--> statement-breakpoint
ALTER TABLE `professionals` ADD `source_id` text;--> statement-breakpoint
ALTER TABLE `visits` ADD `source` text;--> statement-breakpoint
ALTER TABLE `visits` ADD `source_id` text;