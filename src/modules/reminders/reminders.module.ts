import { Module } from '@nestjs/common';
import { DigestsController } from './digests.controller.js';
import { RemindersController } from './reminders.controller.js';

/** What was sent: reminders and digests. (Sending is `dunghan remind`, `dunghan digest` / the scheduler.) */
@Module({ controllers: [RemindersController, DigestsController] })
export class RemindersModule {}
