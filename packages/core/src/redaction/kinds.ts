/**
 * Every kind a redaction can name: it appears in the replacement as `[REDACTED:<kind>]`. The kinds
 * of earlier versions (email, phone, card, api_key, aws_key, github_token, slack_token, stripe_key,
 * google_api_key, jwt, bearer_token, private_key, secret) keep their names: stored corrections and
 * callers' tests may rely on them.
 */
export const REDACTION_KINDS = [
  // personal data
  'email', 'phone', 'card', 'iban', 'ssn',
  // credentials of any vendor
  'private_key', 'jwt', 'bearer_token', 'basic_auth', 'url_credentials', 'password', 'secret', 'api_key',
  // cloud providers
  'aws_key', 'aws_secret', 'azure_key', 'google_api_key', 'google_oauth', 'alibaba_key', 'digitalocean_token',
  'heroku_key', 'yandex_key', 'cloudflare_key', 'flyio_token', 'scalingo_token', 'openshift_token',
  // code hosting, packages, CI
  'github_token', 'gitlab_token', 'npm_token', 'pypi_token', 'rubygems_token', 'clojars_token', 'artifactory_key',
  'atlassian_token', 'sourcegraph_token', 'harness_key', 'octopus_key', 'pulumi_token', 'terraform_token',
  'vault_token', 'doppler_token', 'onepassword_token', 'age_secret_key', 'infracost_token', 'prefect_key',
  // messaging and webhooks
  'slack_token', 'slack_webhook', 'discord_token', 'discord_webhook', 'teams_webhook', 'telegram_bot_token',
  'twilio_key', 'sendgrid_key', 'sendinblue_key', 'mailgun_key', 'mailchimp_key',
  // payments and commerce
  'stripe_key', 'square_token', 'shopify_token', 'flutterwave_key', 'duffel_token', 'easypost_key',
  // AI and data
  'huggingface_token', 'databricks_token', 'clickhouse_key', 'planetscale_token',
  // observability, product and other SaaS
  'sentry_token', 'grafana_token', 'newrelic_key', 'dynatrace_token', 'linear_key', 'notion_token', 'postman_key',
  'airtable_token', 'adobe_secret', 'facebook_token', 'twitter_token', 'mapbox_token', 'typeform_token',
  'frameio_token', 'maxmind_key', 'settlemint_token', 'intra42_secret', 'groq_key', 'tailscale_key', 'vercel_token',
  'docker_token', 'figma_token',
] as const;

/** What a redacted span was; it appears in the replacement as `[REDACTED:<kind>]`. */
export type RedactionKind = (typeof REDACTION_KINDS)[number];
