-- The story keys of the articles this run loads.
with staged as (
    select * from staged_story_bands
),

final as (
    select distinct
        staged.article_id,
        staged.band,
        staged.band_key
    from staged
    semi join stg_new_articles using (article_id)
)

select * from final
