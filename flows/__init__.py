"""Prefect flows: the DAGs that chain the stages in tasks/."""
