"""Storage: ORM, engine set-up, migrations, backups. Front ends never import this package."""
