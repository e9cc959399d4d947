#!/usr/bin/env node
import { formatDay } from './domain/time.js';
console.log(formatDay(0));
