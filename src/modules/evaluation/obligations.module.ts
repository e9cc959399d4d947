import { Module } from '@nestjs/common';
import { ObligationsController } from './obligations.controller.js';

@Module({ controllers: [ObligationsController] })
export class ObligationsModule {}
