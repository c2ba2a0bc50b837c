-- Articles that mention a country, per ISO week.
with dated_articles as (
    select
        article_id,
        week_start,
        iso_week
    from articles
    where week_start is not null
),

countries as (
    select
        article_id,
        iso3
    from article_countries
),

weekly_counts as (
    select
        dated_articles.week_start,
        dated_articles.iso_week,
        countries.iso3,
        count(distinct dated_articles.article_id) as articles
    from dated_articles
    inner join countries on countries.article_id = dated_articles.article_id
    group by dated_articles.week_start, dated_articles.iso_week, countries.iso3
),

final as (
    select
        week_start,
        iso_week,
        iso3,
        articles
    from weekly_counts
    order by week_start, iso3
)

select * from final
