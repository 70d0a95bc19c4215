#!/usr/bin/env node
import 'reflect-metadata';
import { buildProgram } from '../core/cli/program.js';
import { reportFatal } from '../core/cli/exitCodes.js';
import { endOnClosedPipe } from '../core/cli/endOnClosedPipe.js';

endOnClosedPipe();
buildProgram(process.argv).then((program) => program.parseAsync(process.argv)).catch(reportFatal);
