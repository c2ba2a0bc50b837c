-- Articles that mention a country, and articles about it (focus), per ISO week.
with article_countries as (
    select * from int_dated_article_countries
),

weekly_counts as (
    select
        week_start,
        iso_week,
        iso3,
        count(*) as articles,
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
        focus_articles
    from weekly_counts
    order by week_start, iso3
)

select * from final
