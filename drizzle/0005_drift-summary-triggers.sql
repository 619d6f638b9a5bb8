-- Adding a fact to the drift summary: see README § "Adding a fact to the drift summary" (six files, in order).
-- The drift summary (drift_facts) is derived from these tables. Every change to a row that a plan's
-- drift facts depend on marks that plan in drift_dirty, in the same transaction, so no write path can
-- leave a summary out of date; the next scan rebuilds the marked plans. Bulk import drops these
-- triggers and rebuilds every summary once (queries/drift-summary.ts).
CREATE TRIGGER `drift_dirty_plans_ins` AFTER INSERT ON `plans` BEGIN INSERT OR IGNORE INTO drift_dirty (plan_id) VALUES (NEW.id); END;--> statement-breakpoint
CREATE TRIGGER `drift_dirty_plans_upd` AFTER UPDATE ON `plans` BEGIN INSERT OR IGNORE INTO drift_dirty (plan_id) VALUES (OLD.id); INSERT OR IGNORE INTO drift_dirty (plan_id) VALUES (NEW.id); END;--> statement-breakpoint
CREATE TRIGGER `drift_dirty_plans_del` AFTER DELETE ON `plans` BEGIN INSERT OR IGNORE INTO drift_dirty (plan_id) VALUES (OLD.id); END;--> statement-breakpoint
CREATE TRIGGER `drift_dirty_conferences_ins` AFTER INSERT ON `conferences` BEGIN INSERT OR IGNORE INTO drift_dirty (plan_id) VALUES (NEW.plan_id); END;--> statement-breakpoint
CREATE TRIGGER `drift_dirty_conferences_upd` AFTER UPDATE ON `conferences` BEGIN INSERT OR IGNORE INTO drift_dirty (plan_id) VALUES (OLD.plan_id); INSERT OR IGNORE INTO drift_dirty (plan_id) VALUES (NEW.plan_id); END;--> statement-breakpoint
CREATE TRIGGER `drift_dirty_conferences_del` AFTER DELETE ON `conferences` BEGIN INSERT OR IGNORE INTO drift_dirty (plan_id) VALUES (OLD.plan_id); END;--> statement-breakpoint
CREATE TRIGGER `drift_dirty_members_ins` AFTER INSERT ON `members` BEGIN INSERT OR IGNORE INTO drift_dirty (plan_id) VALUES (NEW.plan_id); END;--> statement-breakpoint
CREATE TRIGGER `drift_dirty_members_upd` AFTER UPDATE ON `members` BEGIN INSERT OR IGNORE INTO drift_dirty (plan_id) VALUES (OLD.plan_id); INSERT OR IGNORE INTO drift_dirty (plan_id) VALUES (NEW.plan_id); END;--> statement-breakpoint
CREATE TRIGGER `drift_dirty_members_del` AFTER DELETE ON `members` BEGIN INSERT OR IGNORE INTO drift_dirty (plan_id) VALUES (OLD.plan_id); END;--> statement-breakpoint
CREATE TRIGGER `drift_dirty_meeting_plans_ins` AFTER INSERT ON `meeting_plans` BEGIN INSERT OR IGNORE INTO drift_dirty (plan_id) VALUES (NEW.plan_id); END;--> statement-breakpoint
CREATE TRIGGER `drift_dirty_meeting_plans_upd` AFTER UPDATE ON `meeting_plans` BEGIN INSERT OR IGNORE INTO drift_dirty (plan_id) VALUES (OLD.plan_id); INSERT OR IGNORE INTO drift_dirty (plan_id) VALUES (NEW.plan_id); END;--> statement-breakpoint
CREATE TRIGGER `drift_dirty_meeting_plans_del` AFTER DELETE ON `meeting_plans` BEGIN INSERT OR IGNORE INTO drift_dirty (plan_id) VALUES (OLD.plan_id); END;--> statement-breakpoint
CREATE TRIGGER `drift_dirty_actions_ins` AFTER INSERT ON `actions` BEGIN INSERT OR IGNORE INTO drift_dirty (plan_id) VALUES (NEW.plan_id); END;--> statement-breakpoint
CREATE TRIGGER `drift_dirty_actions_upd` AFTER UPDATE ON `actions` BEGIN INSERT OR IGNORE INTO drift_dirty (plan_id) VALUES (OLD.plan_id); INSERT OR IGNORE INTO drift_dirty (plan_id) VALUES (NEW.plan_id); END;--> statement-breakpoint
CREATE TRIGGER `drift_dirty_actions_del` AFTER DELETE ON `actions` BEGIN INSERT OR IGNORE INTO drift_dirty (plan_id) VALUES (OLD.plan_id); END;--> statement-breakpoint
CREATE TRIGGER `drift_dirty_disagreements_ins` AFTER INSERT ON `disagreements` BEGIN INSERT OR IGNORE INTO drift_dirty (plan_id) VALUES (NEW.plan_id); END;--> statement-breakpoint
CREATE TRIGGER `drift_dirty_disagreements_upd` AFTER UPDATE ON `disagreements` BEGIN INSERT OR IGNORE INTO drift_dirty (plan_id) VALUES (OLD.plan_id); INSERT OR IGNORE INTO drift_dirty (plan_id) VALUES (NEW.plan_id); END;--> statement-breakpoint
CREATE TRIGGER `drift_dirty_disagreements_del` AFTER DELETE ON `disagreements` BEGIN INSERT OR IGNORE INTO drift_dirty (plan_id) VALUES (OLD.plan_id); END;--> statement-breakpoint
CREATE TRIGGER `drift_dirty_disagreement_stages_ins` AFTER INSERT ON `disagreement_stages` BEGIN INSERT OR IGNORE INTO drift_dirty (plan_id) SELECT plan_id FROM disagreements WHERE id IN (NEW.disagreement_id); END;--> statement-breakpoint
CREATE TRIGGER `drift_dirty_disagreement_stages_upd` AFTER UPDATE ON `disagreement_stages` BEGIN INSERT OR IGNORE INTO drift_dirty (plan_id) SELECT plan_id FROM disagreements WHERE id IN (OLD.disagreement_id, NEW.disagreement_id); END;--> statement-breakpoint
CREATE TRIGGER `drift_dirty_disagreement_stages_del` AFTER DELETE ON `disagreement_stages` BEGIN INSERT OR IGNORE INTO drift_dirty (plan_id) SELECT plan_id FROM disagreements WHERE id IN (OLD.disagreement_id); END;--> statement-breakpoint
CREATE TRIGGER `drift_dirty_meeting_attendance_ins` AFTER INSERT ON `meeting_attendance` BEGIN INSERT OR IGNORE INTO drift_dirty (plan_id) SELECT plan_id FROM meeting_plans WHERE meeting_id IN (NEW.meeting_id); END;--> statement-breakpoint
CREATE TRIGGER `drift_dirty_meeting_attendance_upd` AFTER UPDATE ON `meeting_attendance` BEGIN INSERT OR IGNORE INTO drift_dirty (plan_id) SELECT plan_id FROM meeting_plans WHERE meeting_id IN (OLD.meeting_id, NEW.meeting_id); END;--> statement-breakpoint
CREATE TRIGGER `drift_dirty_meeting_attendance_del` AFTER DELETE ON `meeting_attendance` BEGIN INSERT OR IGNORE INTO drift_dirty (plan_id) SELECT plan_id FROM meeting_plans WHERE meeting_id IN (OLD.meeting_id); END;--> statement-breakpoint
CREATE TRIGGER `drift_dirty_distributions_ins` AFTER INSERT ON `distributions` BEGIN INSERT OR IGNORE INTO drift_dirty (plan_id) SELECT plan_id FROM meeting_plans WHERE meeting_id IN (NEW.meeting_id); END;--> statement-breakpoint
CREATE TRIGGER `drift_dirty_distributions_upd` AFTER UPDATE ON `distributions` BEGIN INSERT OR IGNORE INTO drift_dirty (plan_id) SELECT plan_id FROM meeting_plans WHERE meeting_id IN (OLD.meeting_id, NEW.meeting_id); END;--> statement-breakpoint
CREATE TRIGGER `drift_dirty_distributions_del` AFTER DELETE ON `distributions` BEGIN INSERT OR IGNORE INTO drift_dirty (plan_id) SELECT plan_id FROM meeting_plans WHERE meeting_id IN (OLD.meeting_id); END;--> statement-breakpoint
CREATE TRIGGER `drift_dirty_visits_ins` AFTER INSERT ON `visits` BEGIN INSERT OR IGNORE INTO drift_dirty (plan_id) SELECT id FROM plans WHERE child_id IN (NEW.child_id); END;--> statement-breakpoint
CREATE TRIGGER `drift_dirty_visits_upd` AFTER UPDATE ON `visits` BEGIN INSERT OR IGNORE INTO drift_dirty (plan_id) SELECT id FROM plans WHERE child_id IN (OLD.child_id, NEW.child_id); END;--> statement-breakpoint
CREATE TRIGGER `drift_dirty_visits_del` AFTER DELETE ON `visits` BEGIN INSERT OR IGNORE INTO drift_dirty (plan_id) SELECT id FROM plans WHERE child_id IN (OLD.child_id); END;--> statement-breakpoint
CREATE TRIGGER `drift_dirty_allocations_ins` AFTER INSERT ON `allocations` BEGIN INSERT OR IGNORE INTO drift_dirty (plan_id) SELECT id FROM plans WHERE child_id IN (NEW.child_id); END;--> statement-breakpoint
CREATE TRIGGER `drift_dirty_allocations_upd` AFTER UPDATE ON `allocations` BEGIN INSERT OR IGNORE INTO drift_dirty (plan_id) SELECT id FROM plans WHERE child_id IN (OLD.child_id, NEW.child_id); END;--> statement-breakpoint
CREATE TRIGGER `drift_dirty_allocations_del` AFTER DELETE ON `allocations` BEGIN INSERT OR IGNORE INTO drift_dirty (plan_id) SELECT id FROM plans WHERE child_id IN (OLD.child_id); END;--> statement-breakpoint
CREATE TRIGGER `drift_dirty_meetings_upd` AFTER UPDATE ON `meetings` BEGIN INSERT OR IGNORE INTO drift_dirty (plan_id) SELECT plan_id FROM meeting_plans WHERE meeting_id IN (OLD.id, NEW.id); END;--> statement-breakpoint
CREATE TRIGGER `drift_dirty_meetings_del` BEFORE DELETE ON `meetings` BEGIN INSERT OR IGNORE INTO drift_dirty (plan_id) SELECT plan_id FROM meeting_plans WHERE meeting_id IN (OLD.id); END;--> statement-breakpoint
CREATE TRIGGER `drift_dirty_children_upd` AFTER UPDATE ON `children` BEGIN INSERT OR IGNORE INTO drift_dirty (plan_id) SELECT id FROM plans WHERE child_id IN (OLD.id, NEW.id); END;
