-- Every pair of countries a dated article mentions together, written once in
-- alphabetical order (country_a < country_b), with whether the article is about both.
-- One row per article and pair (article_countries has one row per article and country,
-- a checked contract), so the marts count rows, not distinct articles.
-- Countries, language and source are numbers (int_*_codes): this is the warehouse's
-- largest intermediate, and only the marts' results are turned back into text.
with article_countries as (
    select
        int_dated_article_countries.article_key,
        int_dated_article_countries.story_key,
        int_dated_article_countries.shared_story,
        int_dated_article_countries.week_start,
        int_dated_article_countries.month_start,
        int_language_codes.language_code,
        int_source_codes.source_code,
        int_country_codes.country_code,
        int_dated_article_countries.focus
    from int_dated_article_countries
    inner join int_country_codes using (iso3)
    inner join int_language_codes using (language)
    inner join int_source_codes using (source)
),

final as (
    select
        first_country.story_key,
        first_country.shared_story,
        first_country.week_start,
        first_country.month_start,
        first_country.language_code,
        first_country.source_code,
        first_country.country_code as country_a_code,
        second_country.country_code as country_b_code,
        first_country.focus and second_country.focus as both_focus
    from article_countries as first_country
    inner join article_countries as second_country
        on second_country.article_key = first_country.article_key
       and first_country.country_code < second_country.country_code
)

select * from final
