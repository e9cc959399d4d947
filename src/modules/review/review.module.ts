import { Module } from '@nestjs/common';
import { ReviewController } from './review.controller.js';

/** The council's exemptions and adjustments, and the audit log. */
@Module({ controllers: [ReviewController] })
export class ReviewModule {}
