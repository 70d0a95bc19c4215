#!/usr/bin/env node
import 'reflect-metadata';
import { buildProgram } from '../core/cli/program.js';
import { reportFatal } from '../core/cli/exitCodes.js';

buildProgram().parseAsync(process.argv).catch(reportFatal);
