-- Articles that mention a country, the distinct stories they tell, and the articles
-- about it (focus), per ISO week.
with article_countries as (
    select * from int_dated_article_countries
),

weekly_counts as (
    select
        week_start,
        iso_week,
        iso3,
        count(*) as articles,
        count(distinct story_id) as stories,
        count(*) filter (where focus) as focus_articles
    from article_countries
    group by week_start, iso_week, iso3
),

final as (
    select
        week_start,
        iso_week,
        iso3,
        articles,
        stories,
        focus_articles
    from weekly_counts
    order by week_start, iso3
)

select * from final
