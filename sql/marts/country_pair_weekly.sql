-- Articles that mention both countries of a pair, per ISO week, and the distinct
-- stories they tell (copies of one wire story count once).
with article_pairs as (
    select * from int_article_pairs
),

weekly_counts as (
    select
        week_start,
        iso_week,
        country_a,
        country_b,
        count(*) as articles,
        count(distinct story_id) as stories
    from article_pairs
    group by week_start, iso_week, country_a, country_b
),

final as (
    select
        week_start,
        iso_week,
        country_a,
        country_b,
        articles,
        stories
    from weekly_counts
    order by week_start, country_a, country_b
)

select * from final
