import { Module } from '@nestjs/common';
import { SyncModule } from './sync.module.js';
import { SourcesController } from './sources.controller.js';

@Module({ imports: [SyncModule], controllers: [SourcesController] })
export class SourcesModule {}
