-- The country evidence this run adds: the rows of the articles it loaded.
with new_articles as (
    select article_id from articles where run_id = getvariable('run_id')
),

final as (
    select article_countries.*
    from article_countries
    semi join new_articles using (article_id)
)

select * from final
