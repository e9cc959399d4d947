import { Module } from '@nestjs/common';
import { ScoresController } from './scores.controller.js';

@Module({ controllers: [ScoresController] })
export class ScoresModule {}
