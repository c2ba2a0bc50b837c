-- Whole-warehouse totals for the report's header.
select
    (select count(*) from articles) as articles,
    (select count(*) from articles where week_start is null) as undated,
    (select count(*) from duplicates) as duplicates,
    (select count(*) from quarantine) as quarantined,
    (select count(distinct iso3) from article_countries) as countries,
    (select count(*) from (select distinct country_a, country_b from country_pair_weekly))
        as pairs,
    (select min(iso_week) from articles_weekly) as first_week,
    (select max(iso_week) from articles_weekly) as last_week
