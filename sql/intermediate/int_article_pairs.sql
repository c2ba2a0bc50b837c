-- Every pair of countries a dated article mentions together, written once in
-- alphabetical order (country_a < country_b), with whether the article is about both.
-- One row per article and pair (article_countries has one row per article and country,
-- a checked contract), so the marts count rows, not distinct articles.
with article_countries as (
    select * from int_dated_article_countries
),

final as (
    select
        first_country.article_key,
        first_country.story_key,
        first_country.week_start,
        first_country.month_start,
        first_country.language,
        first_country.source,
        first_country.iso3 as country_a,
        second_country.iso3 as country_b,
        first_country.focus and second_country.focus as both_focus
    from article_countries as first_country
    inner join article_countries as second_country
        on second_country.article_key = first_country.article_key
       and first_country.iso3 < second_country.iso3
)

select * from final
