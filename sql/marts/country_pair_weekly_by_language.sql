-- Articles that mention both countries of a pair, per ISO week and article language
-- ('und' where the language could not be told).
with article_pairs as (
    select * from int_article_pairs
),

weekly_counts as (
    select
        week_start,
        country_a,
        country_b,
        language,
        count(*) as articles
    from article_pairs
    group by week_start, country_a, country_b, language
),

final as (
    select
        week_start,
        strftime(week_start, '%G-W%V') as iso_week,
        country_a,
        country_b,
        language,
        articles
    from weekly_counts
)

select * from final
