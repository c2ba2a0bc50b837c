-- Articles about both countries of a pair (each is a focus country of the article:
-- in the title, the dateline, the lede, or most mentioned), per ISO week. Leaves out
-- articles that only name a country in passing.
with article_pairs as (
    select * from int_article_pairs
    where both_focus
),

weekly_counts as (
    select
        week_start,
        country_a_code,
        country_b_code,
        count(*) as articles
    from article_pairs
    group by week_start, country_a_code, country_b_code
),

final as (
    select
        weekly_counts.week_start,
        int_iso_weeks.iso_week,
        int_country_pair_codes.country_a,
        int_country_pair_codes.country_b,
        weekly_counts.articles
    from weekly_counts
    inner join int_iso_weeks using (week_start)
    inner join int_country_pair_codes using (country_a_code, country_b_code)
)

select * from final
