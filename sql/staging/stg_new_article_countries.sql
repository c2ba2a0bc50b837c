-- Country evidence for the articles this run loads.
with staged as (
    select * from staged_article_countries
),

new_articles as (
    select article_id from stg_new_articles
),

final as (
    select distinct on (staged.article_id, staged.iso3)
        staged.article_id,
        staged.iso3,
        staged.mentions,
        staged.first_offset,
        staged.in_title,
        staged.in_dateline,
        staged.focus,
        staged.surface_forms,
        getvariable('run_id') as run_id
    from staged
    inner join new_articles using (article_id)
)

select * from final
