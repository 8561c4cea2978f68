// Must NOT compile: the package test asserts tsc rejects it with TS2339 on this exact line.
import { openBrainDatabase } from '@gradata/sdk';

openBrainDatabase('./brain/system.db').totally.not.a.method();
