-- Articles that mention both countries of a pair, per ISO week.
with article_countries as (
    select * from int_dated_article_countries
),

article_pairs as (
    select
        first_country.week_start,
        first_country.iso_week,
        first_country.iso3 as country_a,
        second_country.iso3 as country_b,
        first_country.article_id
    from article_countries as first_country
    inner join article_countries as second_country
        on second_country.article_id = first_country.article_id
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
