CREATE TABLE `categories` (
	`slug` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text NOT NULL,
	`position` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `code_examples` (
	`question_id` integer NOT NULL,
	`position` integer NOT NULL,
	`language` text NOT NULL,
	`caption` text NOT NULL,
	`code` text NOT NULL,
	PRIMARY KEY(`question_id`, `position`),
	FOREIGN KEY (`question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `companies` (
	`slug` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`summary` text NOT NULL,
	`focus_areas` text NOT NULL,
	`interview` text,
	`position` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `content_meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `prep_phases` (
	`position` integer PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`summary` text NOT NULL,
	`first_week` integer NOT NULL,
	`last_week` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `prep_tasks` (
	`phase_position` integer NOT NULL,
	`position` integer NOT NULL,
	`title` text NOT NULL,
	`category_slug` text,
	PRIMARY KEY(`phase_position`, `position`),
	FOREIGN KEY (`phase_position`) REFERENCES `prep_phases`(`position`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`category_slug`) REFERENCES `categories`(`slug`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `question_companies` (
	`question_id` integer NOT NULL,
	`company_slug` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`question_id`, `company_slug`),
	FOREIGN KEY (`question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`company_slug`) REFERENCES `companies`(`slug`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `question_companies_company_idx` ON `question_companies` (`company_slug`);--> statement-breakpoint
CREATE TABLE `question_tags` (
	`question_id` integer NOT NULL,
	`tag_slug` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`question_id`, `tag_slug`),
	FOREIGN KEY (`question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tag_slug`) REFERENCES `tags`(`slug`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `question_tags_tag_idx` ON `question_tags` (`tag_slug`);--> statement-breakpoint
CREATE TABLE `questions` (
	`id` integer PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`title` text NOT NULL,
	`category_slug` text NOT NULL,
	`difficulty` text NOT NULL,
	`difficulty_rank` integer NOT NULL,
	`answer_markdown` text NOT NULL,
	`answer_html` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`category_slug`) REFERENCES `categories`(`slug`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `questions_slug_unique` ON `questions` (`slug`);--> statement-breakpoint
CREATE INDEX `questions_category_idx` ON `questions` (`category_slug`);--> statement-breakpoint
CREATE INDEX `questions_created_idx` ON `questions` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `questions_title_idx` ON `questions` (`title`,`id`);--> statement-breakpoint
CREATE INDEX `questions_difficulty_idx` ON `questions` (`difficulty_rank`,`id`);--> statement-breakpoint
CREATE TABLE `related_questions` (
	`question_id` integer NOT NULL,
	`related_id` integer NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`question_id`, `position`),
	FOREIGN KEY (`question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`related_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `resources` (
	`slug` text PRIMARY KEY NOT NULL,
	`position` integer NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`description` text NOT NULL,
	`url` text NOT NULL,
	`price_min` real NOT NULL,
	`price_max` real NOT NULL,
	`currency` text NOT NULL,
	`period` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `tags` (
	`slug` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL
);
