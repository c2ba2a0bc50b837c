-- Articles that mention both countries of a pair, per ISO week and source ('unknown'
-- where the input named none).
with article_pairs as (
    select * from int_article_pairs
),

weekly_counts as (
    select
        week_start,
        country_a_code,
        country_b_code,
        source_code,
        count(*) as articles
    from article_pairs
    group by week_start, country_a_code, country_b_code, source_code
),

final as (
    select
        weekly_counts.week_start,
        int_iso_weeks.iso_week,
        int_country_pair_codes.country_a,
        int_country_pair_codes.country_b,
        int_source_codes.source,
        weekly_counts.articles
    from weekly_counts
    inner join int_iso_weeks using (week_start)
    inner join int_country_pair_codes using (country_a_code, country_b_code)
    inner join int_source_codes using (source_code)
)

select * from final
