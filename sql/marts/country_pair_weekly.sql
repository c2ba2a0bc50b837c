-- Articles that mention both countries of a pair, per ISO week, and the distinct
-- stories they tell (copies of one wire story count once).
-- Stories are counted in two steps (articles per story, then stories per pair), which
-- DuckDB does several times faster than count(distinct) over tens of millions of pairs.
-- Pairs are counted by country number (int_article_pairs), then named.
with article_pairs as (
    select * from int_article_pairs
),

story_counts as (
    select
        week_start,
        country_a_code,
        country_b_code,
        story_key,
        count(*) as articles
    from article_pairs
    group by week_start, country_a_code, country_b_code, story_key
),

weekly_counts as (
    select
        week_start,
        country_a_code,
        country_b_code,
        sum(articles)::bigint as articles,
        count(*) as stories
    from story_counts
    group by week_start, country_a_code, country_b_code
),

final as (
    select
        weekly_counts.week_start,
        strftime(weekly_counts.week_start, '%G-W%V') as iso_week,
        int_country_pair_codes.country_a,
        int_country_pair_codes.country_b,
        weekly_counts.articles,
        weekly_counts.stories
    from weekly_counts
    inner join int_country_pair_codes using (country_a_code, country_b_code)
)

select * from final
