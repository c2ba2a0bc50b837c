-- Articles that mention both countries of a pair, per ISO week and article language
-- ('und' where the language could not be told).
with article_pairs as (
    select * from int_article_pairs
),

weekly_counts as (
    select
        week_start,
        country_a_code,
        country_b_code,
        language_code,
        count(*) as articles
    from article_pairs
    group by week_start, country_a_code, country_b_code, language_code
),

final as (
    select
        weekly_counts.week_start,
        int_iso_weeks.iso_week,
        int_country_pair_codes.country_a,
        int_country_pair_codes.country_b,
        int_language_codes.language,
        weekly_counts.articles
    from weekly_counts
    inner join int_iso_weeks using (week_start)
    inner join int_country_pair_codes using (country_a_code, country_b_code)
    inner join int_language_codes using (language_code)
)

select * from final
