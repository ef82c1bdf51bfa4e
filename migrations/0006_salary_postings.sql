-- Salaries are content (rewritten from seed/ on every load), so the table is rebuilt rather than
-- altered: company, levels nullable (market rows, postings without a level), locations moved to
-- salary_entry_locations (a multi-city band is one entry), and a details document.
DROP TABLE `salaries`;--> statement-breakpoint
CREATE TABLE `salaries` (
	`id` text PRIMARY KEY NOT NULL,
	`position` integer NOT NULL,
	`company_slug` text,
	`role` text NOT NULL,
	`company_level` text,
	`level` text,
	`level_rank` integer,
	`currency` text NOT NULL,
	`basis` text NOT NULL,
	`figures` text NOT NULL,
	`details` text DEFAULT '{}' NOT NULL,
	`sample_size` integer,
	`note` text,
	`source_name` text NOT NULL,
	`source_url` text NOT NULL,
	`as_of` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `salaries_company_idx` ON `salaries` (`company_slug`,`level_rank`);--> statement-breakpoint
CREATE INDEX `salaries_as_of_idx` ON `salaries` (`as_of`);--> statement-breakpoint
CREATE TABLE `salary_entry_locations` (
	`salary_id` text NOT NULL,
	`location_slug` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`salary_id`, `location_slug`),
	FOREIGN KEY (`salary_id`) REFERENCES `salaries`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`location_slug`) REFERENCES `salary_locations`(`slug`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `salary_entry_locations_location_idx` ON `salary_entry_locations` (`location_slug`);
