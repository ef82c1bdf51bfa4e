ALTER TABLE `code_examples` ADD `tested` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `code_examples` ADD `runtime` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `question_companies` ADD `evidence` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `questions` ADD `inspired_by` text DEFAULT '[]' NOT NULL;