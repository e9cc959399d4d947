import { Module } from '@nestjs/common';
import { DigestsController } from './digests.controller.js';

/** The weekly digests as stored and sent (sending is `dunghan digest` / the digest job). */
@Module({ controllers: [DigestsController] })
export class DigestsModule {}
