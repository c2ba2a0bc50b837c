-- One row per key, with a positive count, in the breakdown marts' recomputed weeks
-- and months (the rest is as an earlier run checked it).
with focus as (
    select 'country_pair_weekly_focus' as mart, week_start::varchar as period, count(*) as copies
    from country_pair_weekly_focus
    where week_start in (select week_start from touched_weeks)
    group by week_start, country_a, country_b
    having count(*) > 1 or min(articles) < 1
),

by_language as (
    select 'country_pair_weekly_by_language', week_start::varchar, count(*)
    from country_pair_weekly_by_language
    where week_start in (select week_start from touched_weeks)
    group by week_start, country_a, country_b, language
    having count(*) > 1 or min(articles) < 1
),

by_source as (
    select 'country_pair_weekly_by_source', week_start::varchar, count(*)
    from country_pair_weekly_by_source
    where week_start in (select week_start from touched_weeks)
    group by week_start, country_a, country_b, source
    having count(*) > 1 or min(articles) < 1
),

monthly as (
    select 'country_pair_monthly', month_start::varchar, count(*)
    from country_pair_monthly
    where month_start in (select month_start from touched_months)
    group by month_start, country_a, country_b
    having count(*) > 1 or min(articles) < 1
),

weekly_totals as (
    select 'articles_weekly', week_start::varchar, count(*)
    from articles_weekly
    group by week_start
    having count(*) > 1 or min(articles) < 1
)

select * from focus
union all select * from by_language
union all select * from by_source
union all select * from monthly
union all select * from weekly_totals
