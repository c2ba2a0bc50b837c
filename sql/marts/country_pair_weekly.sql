-- Articles that mention both countries of a pair, per ISO week, and the distinct
-- stories they tell (copies of one wire story count once).
-- Stories are counted in two steps (articles per story, then stories per pair), which
-- DuckDB does several times faster than count(distinct) over tens of millions of pairs.
with article_pairs as (
    select * from int_article_pairs
),

story_counts as (
    select
        week_start,
        country_a,
        country_b,
        story_key,
        count(*) as articles
    from article_pairs
    group by week_start, country_a, country_b, story_key
),

weekly_counts as (
    select
        week_start,
        country_a,
        country_b,
        sum(articles)::bigint as articles,
        count(*) as stories
    from story_counts
    group by week_start, country_a, country_b
),

final as (
    select
        week_start,
        strftime(week_start, '%G-W%V') as iso_week,
        country_a,
        country_b,
        articles,
        stories
    from weekly_counts
)

select * from final
