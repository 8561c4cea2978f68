import type { RedactionRule } from './rule';

/**
 * Tokens whose vendor gives them a fixed, documented prefix: the prefix alone names the family, so
 * these need no keyword around them. Each pattern is written from the vendor's documented format
 * (prefix, alphabet, length), with the length's lower bound a little under the documented one and
 * no upper bound, so a token is replaced up to the end of its run whatever its exact length. Every
 * pattern starts at a literal prefix behind a lookbehind: an attempt starts only where the prefix
 * is, and its one repetition over one class can be read only one way (linear time).
 */
const START = '(?<![A-Za-z0-9_])';

/** [kind, triggers (lower-case substrings the gate looks for), pattern body after START]. */
type PrefixRow = readonly [RedactionRule['kind'], readonly string[], string];

const PREFIX_ROWS: readonly PrefixRow[] = [
  // GitHub: ghp_/gho_/ghu_/ghs_/ghr_ + 36 base62; fine-grained github_pat_ + 82 [A-Za-z0-9_].
  ['github_token', ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'], 'gh[pousr]_[A-Za-z0-9_]{30,}(?:\\.[A-Za-z0-9_-]{10,}){0,2}'],
  ['github_token', ['github_pat_'], 'github_pat_[A-Za-z0-9_]{22,}'],
  // GitLab: glpat-, deploy, feed, runner, trigger, SCIM, CI job, incoming mail, agent, OAuth app and
  // feature-flag tokens (20+ url-safe characters; routable ones add `.` and a checksum); runner
  // registration tokens GR1348941…
  ['gitlab_token', ['glpat-', 'gldt-', 'glft-', 'glrt-', 'glptt-', 'glsoat-', 'glcbt-', 'glimt-', 'glagent-', 'gloas-', 'glffct-'],
    'gl(?:pat|dt|ft|rt|ptt|soat|cbt|imt|agent|oas|ffct)-[A-Za-z0-9_.-]{20,}'],
  ['gitlab_token', ['gr1348941'], 'GR1348941[A-Za-z0-9_-]{20,}'],
  // Slack: bot/user/app-level/config tokens, then incoming-webhook and workflow URLs.
  ['slack_token', ['xox'], 'xox[abposrec](?:\\.xox[bp])?-[A-Za-z0-9-]{10,}'],
  ['slack_token', ['xapp-'], 'xapp-[0-9]-[A-Za-z0-9-]{10,}'],
  ['slack_webhook', ['hooks.slack.com'], 'hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9/_+-]{16,}'],
  ['discord_webhook', ['/api/webhooks/'], 'discord(?:app)?\\.com/api/webhooks/[0-9]{5,}/[A-Za-z0-9_-]{20,}'],
  // From the literal (a leading class would be tried at every offset); the tenant's host name stays.
  ['teams_webhook', ['webhook.office.com'], '(?<=\\.)webhook\\.office\\.com/webhookb2/[A-Za-z0-9@/_-]{40,}'],
  // AWS access key ids (long-term AKIA, temporary ASIA, others); Bedrock long-lived keys.
  ['aws_key', ['akia', 'asia', 'agpa', 'aida', 'aroa', 'anpa', 'anva', 'aipa', 'abia', 'acca', 'a3t'],
    '(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}(?![A-Za-z0-9])'],
  ['aws_key', ['absk'], 'ABSK[A-Za-z0-9+/]{100,}={0,2}'],
  // OpenAI (sk-, sk-proj-, sk-svcacct-, sk-admin-) and Anthropic (sk-ant-api03-, sk-ant-admin01-).
  ['api_key', ['sk-'], 'sk-(?:ant-|proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}'],
  ['api_key', ['pplx-'], 'pplx-[A-Za-z0-9]{40,}'],
  // Stripe secret, restricted and publishable keys; webhook signing secrets.
  ['stripe_key', ['_live_', '_test_', '_prod_'], '(?:sk|rk|pk)_(?:live|test|prod)_[A-Za-z0-9]{10,}'],
  ['stripe_key', ['whsec_'], 'whsec_[A-Za-z0-9+/=]{20,}'],
  ['google_api_key', ['aiza'], 'AIza[A-Za-z0-9_-]{30,}'],
  ['google_oauth', ['gocspx-'], 'GOCSPX-[A-Za-z0-9_-]{20,}'],
  ['google_oauth', ['ya29.'], 'ya29\\.[A-Za-z0-9_-]{20,}'],
  ['npm_token', ['npm_'], 'npm_[A-Za-z0-9]{30,}'],
  ['pypi_token', ['pypi-'], 'pypi-AgE[A-Za-z0-9_-]{40,}'],
  ['rubygems_token', ['rubygems_'], 'rubygems_[a-f0-9]{40,}'],
  ['huggingface_token', ['hf_'], 'hf_[A-Za-z0-9]{30,}'],
  ['huggingface_token', ['api_org_'], 'api_org_[A-Za-z0-9]{30,}'],
  // Caught inside a word too ("oopsSG.…"): only a capital, digit or `_` before it means another token.
  ['sendgrid_key', ['sg.'], '(?<![A-Z0-9_])SG\\.[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{20,}'],
  ['sendinblue_key', ['xkeysib-', 'xsmtpsib-'], 'x(?:keysib|smtpsib)-[a-f0-9]{64}-[A-Za-z0-9]{16,}'],
  ['twilio_key', ['sk', 'ac'], '(?:SK|AC)[0-9a-zA-Z]{32}(?![A-Za-z0-9])'],
  ['mailgun_key', ['key-'], '(?:pub)?key-[0-9a-f]{32}(?![A-Za-z0-9])'],
  ['mailchimp_key', ['-us'], '[0-9a-z]{32}-us[0-9]{1,2}(?![A-Za-z0-9])'],
  ['shopify_token', ['shpat_', 'shpca_', 'shppa_', 'shpss_'], 'shp(?:at|ca|pa|ss)_[A-Za-z0-9]{32,}'],
  ['digitalocean_token', ['_v1_'], 'do[opr]_v1_[a-f0-9]{64}'],
  ['heroku_key', ['hrku-'], 'HRKU-[A-Za-z0-9_-]{40,}'],
  ['databricks_token', ['dapi'], 'dapi[a-fA-F0-9]{32}(?:-[0-9])?(?![A-Za-z0-9])'],
  ['doppler_token', ['dp.'], 'dp\\.(?:pt|st|sa|ct|scim|audit)\\.[A-Za-z0-9]{40,}'],
  ['dynatrace_token', ['dt0c01.'], 'dt0c01\\.[A-Za-z0-9]{24}\\.[A-Za-z0-9]{64}'],
  ['linear_key', ['lin_api_'], 'lin_api_[A-Za-z0-9]{40,}'],
  ['notion_token', ['ntn_'], 'ntn_[0-9]{11}[A-Za-z0-9]{32,}'],
  ['postman_key', ['pmak-'], 'PMAK-[a-fA-F0-9]{24}-[a-fA-F0-9]{34}'],
  ['prefect_key', ['pnu_'], 'pnu_[A-Za-z0-9]{36}'],
  ['pulumi_token', ['pul-'], 'pul-[a-f0-9]{40}'],
  ['planetscale_token', ['pscale_'], 'pscale_(?:tkn|oauth|pw)_[A-Za-z0-9_=.-]{32,}'],
  ['sentry_token', ['sntryu_', 'sntrys_'], 'sntry[us]_[A-Za-z0-9+/=_]{40,}'],
  ['square_token', ['eaaa', 'sq0atp-', 'sq0csp-'], '(?:EAAA|sq0atp-|sq0csp-)[A-Za-z0-9_-]{22,}'],
  ['vault_token', ['hvs.', 'hvb.'], 'hv[sb]\\.[A-Za-z0-9_-]{90,}'],
  ['grafana_token', ['glc_', 'glsa_'], '(?:glc_[A-Za-z0-9+/]{32,}={0,3}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})'],
  ['grafana_token', ['eyjrijoi'], 'eyJrIjoi[A-Za-z0-9]{60,}={0,3}'],
  ['atlassian_token', ['atatt3'], 'ATATT3[A-Za-z0-9_=-]{100,}'],
  ['onepassword_token', ['a3-'], 'A3-[A-Z0-9]{6}-[A-Z0-9-]{11,12}-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}'],
  ['onepassword_token', ['ops_eyj'], 'ops_eyJ[A-Za-z0-9+/]{100,}={0,3}'],
  ['adobe_secret', ['p8e-'], 'p8e-[A-Za-z0-9]{32}'],
  ['airtable_token', ['pat'], 'pat[A-Za-z0-9]{14}\\.[a-f0-9]{64}'],
  ['alibaba_key', ['ltai'], 'LTAI[A-Za-z0-9]{20}(?![A-Za-z0-9])'],
  ['artifactory_key', ['akc'], 'AKC[A-Za-z0-9]{10,}'],
  ['artifactory_key', ['cmvmd'], 'cmVmd[A-Za-z0-9]{55,}'],
  ['clojars_token', ['clojars_'], 'CLOJARS_[a-z0-9]{60}'],
  ['cloudflare_key', ['v1.0-'], 'v1\\.0-[a-f0-9]{24}-[a-f0-9]{140,}'],
  ['cloudflare_key', ['cfat_', 'cfut_', 'cfk_'], 'cf(?:at|ut|k)_[A-Za-z0-9]{40,}'],
  ['groq_key', ['gsk_'], 'gsk_[A-Za-z0-9]{48,}'],
  ['tailscale_key', ['tskey-'], '(?<![A-Za-z])tskey-[a-z]{3,12}-[A-Za-z0-9]{8,}-[A-Za-z0-9]{16,}'],
  ['vercel_token', ['vcp_', 'vci_', 'vca_', 'vcr_', 'vck_'], 'vc[pcikra]_[A-Za-z0-9]{24,}'],
  ['docker_token', ['dckr_pat_', 'dckr_oat_'], 'dckr_(?:pat|oat)_[A-Za-z0-9_-]{24,}'],
  ['figma_token', ['figd_'], 'figd_[A-Za-z0-9_-]{38,}'],
  // Facebook app access token: the app id, a pipe, the app secret.
  ['facebook_token', ['|', '%7c'], '[0-9]{15,16}(?:\\||%7[Cc])[A-Za-z0-9_-]{27,40}'],
  ['duffel_token', ['duffel_'], 'duffel_(?:test|live)_[A-Za-z0-9_=-]{40,}'],
  ['easypost_key', ['ezak', 'eztk'], 'EZ[AT]K[A-Za-z0-9]{50,}'],
  ['facebook_token', ['eaac', 'eaam'], 'EAA[CM][A-Za-z0-9]{80,}'],
  ['flutterwave_key', ['flwseck', 'flwpubk'], 'FLW(?:SECK|PUBK)(?:_TEST)?-[A-Za-z0-9]{12,}(?:-X)?'],
  ['flyio_token', ['fo1_', 'fm1', 'fm2_'], '(?:fo1_[A-Za-z0-9_-]{40,}|fm[12][ar]?_[A-Za-z0-9+/]{100,}={0,3})'],
  ['frameio_token', ['fio-u-'], 'fio-u-[A-Za-z0-9_=-]{60,}'],
  ['infracost_token', ['ico-'], 'ico-[A-Za-z0-9]{32}'],
  ['maxmind_key', ['_mmk'], '[A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk'],
  ['newrelic_key', ['nrak-', 'nrii-', 'nrjs-', 'nraa-'], 'NR(?:AK|II|JS|AA)-[A-Za-z0-9-]{19,}'],
  ['octopus_key', ['api-'], 'API-[A-Z0-9]{26}(?![A-Za-z0-9])'],
  ['openshift_token', ['sha256~'], 'sha256~[A-Za-z0-9_-]{43}'],
  ['scalingo_token', ['tk-us-'], 'tk-us-[A-Za-z0-9_-]{48}'],
  ['settlemint_token', ['sm_aat_', 'sm_pat_', 'sm_sat_'], 'sm_(?:aat|pat|sat)_[A-Za-z0-9]{16}'],
  ['typeform_token', ['tfp_'], 'tfp_[A-Za-z0-9_.=-]{55,}'],
  ['yandex_key', ['aqvn', 't1.'], '(?:AQVN[A-Za-z0-9_-]{35,38}|t1\\.[A-Za-z0-9_-]{20,}={0,2}\\.[A-Za-z0-9_-]{86}={0,2})'],
  ['clickhouse_key', ['4b1d'], '4b1d[A-Za-z0-9]{38}(?![A-Za-z0-9])'],
  ['intra42_secret', ['s-s4t2'], 's-s4t2(?:ud|af)-[a-f0-9]{64}'],
  ['harness_key', ['pat.', 'sat.'], '(?:pat|sat)\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9]{24}\\.[A-Za-z0-9]{20}'],
  ['terraform_token', ['.atlasv1.'], '[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,}'],
  ['mapbox_token', ['pk.eyj', 'sk.eyj', 'tk.eyj'], '[pst]k\\.eyJ[A-Za-z0-9_-]{20,}\\.[A-Za-z0-9_-]{20,}'],
  ['twitter_token', ['aaaaaaaaaaaaaaaaaaaaa'], 'AAAAAAAAAAAAAAAAAAAAA[A-Za-z0-9%]{60,}'],
  ['sourcegraph_token', ['sgp_'], 'sgp_(?:[a-fA-F0-9]{16}_|local_)?[a-fA-F0-9]{40}'],
  ['age_secret_key', ['age-secret-key-1'], 'AGE-SECRET-KEY-1[0-9A-Z]{50,}'],
  ['azure_key', ['q~'], '[A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}'],
  // Telegram bot tokens: the bot's numeric id, a colon, then 35 characters starting with AA.
  ['telegram_bot_token', [':'], '[0-9]{8,10}:[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])'],
  // Discord bot tokens: base64 of the bot id (starts M, N or O), a timestamp and an HMAC.
  ['discord_token', ['.'], '[MNO][A-Za-z0-9_-]{23,27}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,40}'],
];

export const VENDOR_TOKEN_RULES: readonly RedactionRule[] = PREFIX_ROWS.map(([kind, triggers, body]) => ({
  kind,
  triggers,
  longToken: true,
  pattern: body.startsWith('(?<') ? body : START + body,
  // Tokens that begin with an id need its digits (a telegram bot id, a facebook app id).
  ...(/^\[0-9\]\{(\d+)/.test(body) ? { minDigits: Number(/^\[0-9\]\{(\d+)/.exec(body)?.[1]) } : {}),
}));
