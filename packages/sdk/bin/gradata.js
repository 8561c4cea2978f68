#!/usr/bin/env node
// Committed (not built) so npm can link the `gradata` bin at install time, before `tsc -b` has
// produced dist/. The CLI itself is packages/sdk/src/cli/main.ts.
'use strict';
require('../dist/cli/main.js');
