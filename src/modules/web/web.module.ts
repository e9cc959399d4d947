import { Module } from '@nestjs/common';
import { WebAdminController } from './web-admin.controller.js';
import { WebController } from './web.controller.js';

/** The workspace's pages (issue 14); its services are built in CoreModule like every other. */
@Module({ controllers: [WebController, WebAdminController] })
export class WebModule {}
