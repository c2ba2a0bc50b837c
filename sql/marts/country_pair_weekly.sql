-- Articles that mention both countries of a pair, per ISO week, and the distinct
-- stories they tell (copies of one wire story count once).
-- An article whose story has no other article in its week is a story of its own: only
-- the others (shared_story, a small part) are counted distinct, by story, which keeps
-- the grouping by story off the tens of millions of pairs (in two steps, articles per
-- story then stories per pair, which DuckDB does several times faster than
-- count(distinct)).
-- Pairs are counted by country number (int_article_pairs), then named.
with article_pairs as (
    select * from int_article_pairs
),

pair_counts as (
    select
        week_start,
        country_a_code,
        country_b_code,
        count(*) as articles,
        count(*) filter (where not shared_story) as own_stories
    from article_pairs
    group by week_start, country_a_code, country_b_code
),

shared_story_pairs as (
    select
        week_start,
        country_a_code,
        country_b_code,
        story_key
    from article_pairs
    where shared_story
    group by week_start, country_a_code, country_b_code, story_key
),

shared_story_counts as (
    select
        week_start,
        country_a_code,
        country_b_code,
        count(*) as shared_stories
    from shared_story_pairs
    group by week_start, country_a_code, country_b_code
),

weekly_counts as (
    select
        pair_counts.week_start,
        pair_counts.country_a_code,
        pair_counts.country_b_code,
        pair_counts.articles,
        pair_counts.own_stories + coalesce(shared_story_counts.shared_stories, 0) as stories
    from pair_counts
    left join shared_story_counts using (week_start, country_a_code, country_b_code)
),

final as (
    select
        weekly_counts.week_start,
        int_iso_weeks.iso_week,
        int_country_pair_codes.country_a,
        int_country_pair_codes.country_b,
        weekly_counts.articles,
        weekly_counts.stories
    from weekly_counts
    inner join int_iso_weeks using (week_start)
    inner join int_country_pair_codes using (country_a_code, country_b_code)
)

select * from final
