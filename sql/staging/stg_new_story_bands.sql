-- The story keys of the articles this run loads: those staged in the same batch as
-- the article's kept copy (stg_new_articles), so a record staged twice gives its keys
-- once without comparing every key of the run. (Articles are staged as Arrow IPC,
-- the rest as Parquet.)
with staged as (
    select * from staged_story_bands
),

kept_batches as (
    select
        article_id,
        regexp_replace(staged_file, 'articles-([^/\\]+)\.arrow$', 'story_bands-\1.parquet') as filename
    from stg_new_articles
),

final as (
    select
        staged.article_id,
        staged.band,
        staged.band_key
    from staged
    inner join kept_batches using (article_id, filename)
)

select * from final
