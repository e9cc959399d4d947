import { Module } from '@nestjs/common';
import { PreviewController } from './preview.controller.js';

/** Preview, then apply: calendar, campaign and exemption changes shown before they are made. */
@Module({ controllers: [PreviewController] })
export class PreviewModule {}
