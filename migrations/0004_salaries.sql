CREATE TABLE `company_levels` (
	`company_slug` text NOT NULL,
	`company_level` text NOT NULL,
	`position` integer NOT NULL,
	`title` text NOT NULL,
	`level` text NOT NULL,
	PRIMARY KEY(`company_slug`, `company_level`)
);
--> statement-breakpoint
CREATE TABLE `salaries` (
	`id` text PRIMARY KEY NOT NULL,
	`position` integer NOT NULL,
	`company_slug` text NOT NULL,
	`role` text NOT NULL,
	`company_level` text NOT NULL,
	`level` text NOT NULL,
	`level_rank` integer NOT NULL,
	`location_slug` text NOT NULL,
	`currency` text NOT NULL,
	`basis` text NOT NULL,
	`figures` text NOT NULL,
	`sample_size` integer,
	`note` text,
	`source_name` text NOT NULL,
	`source_url` text NOT NULL,
	`as_of` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `salaries_company_idx` ON `salaries` (`company_slug`,`level_rank`);--> statement-breakpoint
CREATE TABLE `salary_locations` (
	`slug` text PRIMARY KEY NOT NULL,
	`position` integer NOT NULL,
	`name` text NOT NULL,
	`country` text NOT NULL,
	`currency` text NOT NULL
);
