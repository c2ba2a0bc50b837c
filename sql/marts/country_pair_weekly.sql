-- Articles that mention both countries of a pair, per ISO week.
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

article_pairs as (
    select
        dated_articles.week_start,
        dated_articles.iso_week,
        first_country.iso3 as country_a,
        second_country.iso3 as country_b,
        dated_articles.article_id
    from dated_articles
    inner join countries as first_country
        on first_country.article_id = dated_articles.article_id
    inner join countries as second_country
        on second_country.article_id = dated_articles.article_id
       and first_country.iso3 < second_country.iso3
),

weekly_counts as (
    select
        week_start,
        iso_week,
        country_a,
        country_b,
        count(distinct article_id) as articles
    from article_pairs
    group by week_start, iso_week, country_a, country_b
),

final as (
    select
        week_start,
        iso_week,
        country_a,
        country_b,
        articles
    from weekly_counts
    order by week_start, country_a, country_b
)

select * from final
